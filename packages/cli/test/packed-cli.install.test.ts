import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '@toolkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, deployExamples } from './support/example-project.ts';

const run = promisify(execFile);
const repositoryRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const cliManifest = JSON.parse(await readFile(join(repositoryRoot, 'packages', 'cli', 'package.json'), 'utf8')) as {
  version: string;
};

// Packs the CLI as a release would, installs the tarball with npm into a fresh prefix (as
// `npm install -g` on a new machine, better-sqlite3 built or fetched for it), and runs the
// installed `toolkit` outside the repository. Slow (the native addon builds), so it runs from
// `.ci/install-test`, not in the default test run.
describe('the packed CLI, installed with npm', () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let prefix: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    work = await tempDir();
    prefix = join(work.dir, 'prefix');
    project = join(work.dir, 'project');
    await run('npx', ['-y', 'pnpm@12.4.2', '--filter', '@toolkit/cli', 'pack', '--pack-destination', work.dir], {
      cwd: repositoryRoot,
    });
    const tarball = (await readdir(work.dir)).find((file) => file.endsWith('.tgz'));
    if (tarball === undefined) throw new Error('pnpm pack wrote no tarball');
    // npm 11 runs a dependency's install script only when allowed; older npm ignores the flag.
    const npmArgs = [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--allow-scripts=better-sqlite3',
      join(work.dir, tarball),
    ];
    await run('npm', npmArgs, { cwd: work.dir, maxBuffer: 16 * 1024 * 1024 });
    await copyExample('admin', join(project, 'admin'));
    await copyExample('hello-signed', join(project, 'hello-signed'));
    await mkdir(join(work.dir, 'state'));
    env = {
      ...process.env,
      CI: 'true',
      XDG_STATE_HOME: join(work.dir, 'state'),
      PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
    };
  }, 600_000);
  afterAll(async () => work?.cleanup());

  /** Runs the installed `toolkit` (found on PATH) in the copied project. */
  async function toolkit(args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run('toolkit', args, { cwd: project, env });
  }

  it('ships the bundle and the console with better-sqlite3 and the resource specification as its only dependencies, and no sources', async () => {
    const installed = join(prefix, 'lib', 'node_modules', '@toolkit', 'cli');
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      scripts?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@aws-cdk/aws-service-spec', 'better-sqlite3']);
    expect((await readdir(installed)).sort()).toEqual([
      'LICENSE',
      'README.md',
      'bin',
      'dist',
      'node_modules',
      'package.json',
    ]);
    // The bundle's entry and the chunks its commands load, named by their content.
    const dist = await readdir(join(installed, 'dist'));
    const chunk = /^chunk-[A-Za-z0-9_-]+\.cjs$/;
    expect(dist.filter((file) => !chunk.test(file)).sort()).toEqual(['build-worker.mjs', 'console', 'main.cjs']);
    expect(dist.filter((file) => chunk.test(file)).length).toBeGreaterThan(1);
    // The web console `toolkit local start` serves, built at pack time like the bundle.
    expect((await readdir(join(installed, 'dist', 'console'))).sort()).toEqual(['app.js', 'console.css', 'index.html']);
    expect(await readdir(join(prefix, 'lib', 'node_modules', '@toolkit'))).toEqual(['cli']);
  });

  it('prints the package version', async () => {
    expect((await toolkit(['--version'])).stdout.trim()).toBe(cliManifest.version);
  });

  it('plans, then deploys the signed example to the embedded local cloud', async () => {
    const plan = await toolkit([
      'package',
      '--template-file',
      'hello-signed/template.yaml',
      '--signing-profiles',
      'HelloFunction=ReleaseSigning',
      '--dry-run',
      '--json',
    ]);
    expect(JSON.parse(plan.stdout)).toMatchObject({
      dryRun: true,
      plan: [{ id: 'HelloFunction', action: 'zip-folder', sign: { profileName: 'ReleaseSigning' } }],
    });
    const { admin, hello } = await deployExamples(toolkit);
    expect(admin).toMatchObject({ status: 'CREATE_COMPLETE' });
    expect(hello.status).toBe('CREATE_COMPLETE');
    expect(hello.outputs.HelloFunctionArn).toMatch(
      /^arn:aws:lambda:us-east-1:000000000000:function:hello-signed-HelloFunction-/,
    );
  });
});
