import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { packageJson } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';
import { fixtureTree, startTestCloud, type TestCloud } from '@toolkit/test-support';

const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Runtime: nodejs22.x
      Handler: index.handler
`;

describe('toolkit package --min-signature-validity counts months and years as calendar ones, as Signer does', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  const pack = async (minimum: string) =>
    packageJson(
      await runToolkit(
        [
          'package',
          '--json',
          '--output-template-file',
          'packaged.yaml',
          '--signing-profiles',
          'Fn=Yearish',
          '--min-signature-validity',
          minimum,
          ...cloud.targetArgs,
        ],
        { cwd: dir },
      ),
    ).artifacts[0]!.signing!;

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({
      'template.yaml': template,
      'fn/index.mjs': 'export const handler = async () => 1;\n',
    }));
    cloud = await startTestCloud(join(dir, 'cloud-state'));
    // 363 days: longer than twelve 30-day months (360 days), shorter than any twelve calendar months (365 or 366).
    const profile = await runToolkit(
      ['local', 'profile', 'create', 'Yearish', '--validity', '363days', ...cloud.targetArgs],
      { cwd: dir },
    );
    expect(profile.exitCode, profile.stderr).toBe(0);
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('re-signs a signature that expires within 12 calendar months, and reuses one that lasts 11', async () => {
    const first = await pack('30days');
    expect(first.reused).toBe(false);
    expect(await pack('11months')).toMatchObject({ reused: true, jobId: first.jobId });
    const again = await pack('12months');
    expect(again.reused).toBe(false);
    expect(again.jobId).not.toBe(first.jobId);
    // A calendar year is at least 365 days, too: `1year` agrees with `12months`.
    expect((await pack('1year')).reused).toBe(false);
  });

  it('accepts exactly the periods Signer accepts', async () => {
    const period = (text: string) =>
      runToolkit(['package', '--dry-run', '--min-signature-validity', text], { cwd: dir });
    expect((await period('4108days')).exitCode).toBe(0);
    expect((await period('135months')).exitCode).toBe(0);
    const tooLong = await period('136months');
    expect(tooLong.exitCode).toBe(2);
    expect(tooLong.stderr).toMatch(
      /^error: --min-signature-validity: 136months is outside Signer's range of 1 day to 135 months$/m,
    );
    expect((await period('0days')).exitCode).toBe(2);
  });
});
