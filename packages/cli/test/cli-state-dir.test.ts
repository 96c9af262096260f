import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainTemplate, type PackageJson } from './support/package-output.ts';
import { projectStateDir, runToolkit, testStateHome } from './support/run-toolkit.ts';
import { fixtureTree, getObjectBytes, startTestCloud } from '@toolkit/test-support';
import { helloTemplate } from './support/hello-template.ts';

const toolkitBin = join(resolve(fileURLToPath(new URL('../../..', import.meta.url))), 'packages/cli/bin/toolkit.mjs');

const template = helloTemplate;

/** The real CLI in a child process, as a second shell would run it. */
function spawnToolkit(
  args: string[],
  cwd: string,
): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [toolkitBin, ...args], {
    cwd,
    env: { ...process.env, XDG_STATE_HOME: testStateHome(), CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, done };
}

/** Starts `toolkit local start --json` in a child process and waits for its endpoint. */
async function localStart(
  cwd: string,
  args: string[] = [],
): Promise<{ child: ChildProcess; endpoint: string; stop(): Promise<void> }> {
  const run = spawnToolkit(['local', 'start', '--port', '0', '--json', ...args], cwd);
  let text = '';
  const document = await new Promise<{ endpoint: string }>((done, fail) => {
    run.child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      try {
        done(JSON.parse(text) as { endpoint: string });
      } catch {
        // Not complete yet.
      }
    });
    void run.done.then((r) => fail(new Error(`local start exited ${r.code}: ${r.stderr}`)));
  });
  return {
    child: run.child,
    endpoint: document.endpoint,
    async stop() {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      await run.done;
    },
  };
}

describe('the local cloud state folder: outside the project, one owner at a time', () => {
  let dir = '';
  let cleanup = async () => {};

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({
      'template.yaml': template,
      'hello/index.js': 'exports.handler = async () => "hello";\n',
    }));
    // Builds the CLI bundle once, so the runs below do not race to build it.
    const warm = await spawnToolkit(['--version'], dir).done;
    expect(warm.code, warm.stderr).toBe(0);
  });
  afterAll(async () => cleanup());

  it('moves a state folder an earlier version kept in the project to the user state folder, with a notice, leaving no key behind', async () => {
    const legacy = join(dir, '.toolkit', 'cloud');
    const made = await runToolkit(['local', 'profile', 'create', 'Legacy', '--state-dir', legacy, '--json'], {
      cwd: dir,
    });
    expect(made.exitCode, made.stderr).toBe(0);
    expect((await readdir(join(legacy, 'signer', 'keys'))).length).toBe(1);

    const trust = await runToolkit(['local', 'trust', 'export'], { cwd: dir });
    expect(trust.exitCode, trust.stderr).toBe(0);
    const target = projectStateDir(dir);
    expect(trust.stderr).toContain(`Moved the local cloud state from ${legacy} to ${target}`);
    expect(existsSync(legacy)).toBe(false);
    expect((await readdir(join(target, 'signer', 'keys'))).length).toBe(1);
    const createdProfile = JSON.parse(made.stdout) as { profileVersionArn: string };
    expect(
      (JSON.parse(trust.stdout) as { profileVersions: { profileVersionArn: string }[] }).profileVersions.map(
        (v) => v.profileVersionArn,
      ),
    ).toEqual([createdProfile.profileVersionArn]);
    expect(target.startsWith(testStateHome())).toBe(true);
  });

  it('runs two `toolkit package` in one folder side by side: both finish, each template pointing at a signed copy of the same zip', async () => {
    const profile = await runToolkit(['local', 'profile', 'create', 'Both'], { cwd: dir });
    expect(profile.exitCode, profile.stderr).toBe(0);
    const args = (n: number) => [
      'package',
      '--json',
      '--signing-profiles',
      'Hello=Both',
      '--output-template-file',
      `packaged-${n}.yaml`,
    ];
    const [a, b] = await Promise.all([spawnToolkit(args(1), dir).done, spawnToolkit(args(2), dir).done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // Whether the second run reuses the first one's signature or signs on its own depends on
    // which reaches Signer first; either way both build the same zip and point at a signed copy of it.
    const runs = await Promise.all(
      [a, b].map(async (run, i) => ({
        artifact: (JSON.parse(run.stdout) as PackageJson).artifacts[0]!,
        template: await readFile(join(dir, `packaged-${i + 1}.yaml`), 'utf8'),
      })),
    );
    expect(runs[0]!.artifact.sha256).toBe(runs[1]!.artifact.sha256);
    const cloud = await startTestCloud(projectStateDir(dir));
    try {
      for (const { artifact, template } of runs) {
        const codeUri = plainTemplate(template).Resources.Hello!.Properties.CodeUri as {
          Bucket: string;
          Key: string;
          Version?: string;
        };
        expect({ Bucket: codeUri.Bucket, Key: codeUri.Key }).toEqual({
          Bucket: artifact.s3.bucket,
          Key: artifact.signing!.signedKey,
        });
        // What each template points to is there, after both runs have stopped their clouds.
        expect((await getObjectBytes(cloud.s3, codeUri.Bucket, codeUri.Key)).length).toBeGreaterThan(0);
      }
    } finally {
      await cloud.close();
    }
  });

  it('refuses a second `local start` on a held state folder naming the owner; `package` joins the running one; a SIGKILLed owner is taken over', async () => {
    const owner = await localStart(dir);
    try {
      const second = await runToolkit(['local', 'start', '--port', '0'], { cwd: dir });
      expect(second.exitCode).toBe(1);
      expect(second.stderr).toContain(`in use by PID ${owner.child.pid} (serving ${owner.endpoint})`);

      const joined = await runToolkit(['package', '--signing-profiles', 'Hello=Both'], { cwd: dir });
      expect(joined.exitCode, joined.stderr).toBe(0);
      expect(joined.stderr).toContain(`Using the local cloud of PID ${owner.child.pid} at ${owner.endpoint}`);
    } finally {
      owner.child.kill('SIGKILL');
      await owner.stop();
    }
    const after = await runToolkit(['package', '--signing-profiles', 'Hello=Both'], { cwd: dir });
    expect(after.exitCode, after.stderr).toBe(0);
    expect(after.stderr).not.toContain('Using the local cloud');
  });
});
