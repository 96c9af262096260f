import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageJson } from './support/package-output.ts';
import { releaseFunctionIds, releaseProject } from './support/release-project.ts';
import { projectStateDir, runToolkit } from './support/run-toolkit.ts';
import { fixtureTree, listSigningJobIds, startTestCloud, type TestCloud } from '@toolkit/test-support';

describe('toolkit package against a Signer that allows 5 StartSigningJob calls per second', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree(releaseProject()));
    cloud = await startTestCloud(projectStateDir(dir), { startSigningJobRateLimit: 5 });
    const run = await runToolkit(['local', 'profile', 'create', 'Throttled', ...cloud.targetArgs], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('backs off on throttling and still signs all 17 artifacts, one job each', async () => {
    const ids = [...releaseFunctionIds, 'SharedLayer', 'RawLayer', 'LegacyFn', 'Child/ChildA', 'Child/ChildB'];
    const run = await runToolkit(
      [
        'package',
        '--json',
        '--debug',
        '--concurrency',
        '16',
        '--output-template-file',
        'packaged.yaml',
        '--signing-profiles',
        ...ids.map((id) => `${id}=Throttled`),
        ...cloud.targetArgs,
      ],
      { cwd: dir },
    );
    const document = packageJson(run);
    // --debug shows each backoff: the limit was hit, not merely configured.
    expect(run.stderr).toMatch(/throttled; retry \d+ in \d+ ms/);
    expect(document.artifacts.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect(document.artifacts.every((a) => a.signing?.profileName === 'Throttled' && !a.signing.reused)).toBe(true);
    // Retried starts are idempotent (client request token): exactly one job per artifact.
    const jobs = await listSigningJobIds(cloud.signer);
    expect(jobs.sort()).toEqual(document.artifacts.map((a) => a.signing!.jobId).sort());
  });
});
