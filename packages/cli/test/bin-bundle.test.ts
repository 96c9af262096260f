import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, deployExamples } from './support/example-project.ts';
import { runToolkit } from './support/run-toolkit.ts';

const run = promisify(execFile);
const bin = resolve(fileURLToPath(new URL('../bin/toolkit.mjs', import.meta.url)));

/** Runs the installed `toolkit` bin (the esbuild bundle, as users run it) in `cwd`. */
async function toolkit(cwd: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: 'true' } });
}

// The in-process CLI tests run the sources; this runs the bundle the bin builds, whose
// module shapes (lazy chunks, CommonJS interop) differ from the sources'.
describe('the toolkit bin', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolkit-bin-'));
    await copyExample('admin', join(dir, 'admin'));
    await copyExample('hello-signed', join(dir, 'hello-signed'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('deploys the admin stack and the signed example end to end', async () => {
    const { admin, hello } = await deployExamples((args) => toolkit(dir, args));
    expect(admin).toMatchObject({ status: 'CREATE_COMPLETE' });
    expect(hello.status).toBe('CREATE_COMPLETE');
    expect(hello.outputs.HelloFunctionArn).toMatch(
      /^arn:aws:lambda:us-east-1:000000000000:function:hello-signed-HelloFunction-/,
    );
    // The bundle carries the runtime clients as text: the signed package runs from it too.
    const invoked = await toolkit(dir, ['local', 'invoke', 'HelloFunction', '--stack-name', 'hello-signed', '--json']);
    expect(JSON.parse(invoked.stdout)).toMatchObject({
      statusCode: 200,
      payload: { statusCode: 200, body: JSON.stringify({ message: 'hello from signed code', input: {} }) },
    });
    const deleted = await toolkit(dir, ['delete', '--stack-name', 'hello-signed', '--no-prompts', '--json']);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ stackName: 'hello-signed', status: 'DELETE_COMPLETE' });
  });

  // Twice: the second run starts from the bundle's code cache, where a dynamic import() has no loader.
  it("bundles a BuildMethod esbuild function with the CLI's own esbuild when the project has none", async () => {
    for (const name of ['esbuild-first', 'esbuild-cached']) {
      const project = join(dir, name);
      await mkdir(join(project, 'src'), { recursive: true });
      await writeFile(
        join(project, 'template.yaml'),
        [
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          '  Fn:',
          '    Type: AWS::Serverless::Function',
          '    Properties: { Runtime: nodejs20.x, Handler: app.handler, CodeUri: src }',
          '    Metadata: { BuildMethod: esbuild, BuildProperties: { EntryPoints: [app.ts] } }',
          '',
        ].join('\n'),
      );
      await writeFile(join(project, 'src', 'app.ts'), 'export const handler = async (): Promise<number> => 1;\n');
      const built = JSON.parse((await toolkit(project, ['build', '--json'])).stdout) as {
        artifacts: { id: string; buildMethod: string }[];
      };
      expect(built.artifacts.map((a) => [a.id, a.buildMethod])).toEqual([['Fn', 'esbuild']]);
    }
  });

  it('prints its version and exits 2 on an unknown command', async () => {
    expect((await toolkit(dir, ['--version'])).stdout.trim()).toBe('0.1.0');
    await expect(toolkit(dir, ['no-such-command'])).rejects.toMatchObject({ code: 2 });
  });

  // Commands load the toolkit's actions when they run: the AWS clients (and the HTTP stacks
  // they bring) cost a start that only prints the version or help nothing.
  it('answers --version and --help without loading any AWS client', async () => {
    const probe = join(dir, 'probe.mjs');
    await writeFile(
      probe,
      `await import(${JSON.stringify(pathToFileURL(bin).href)});\n` +
        'process.stderr.write(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (http|https|http2|tls)$/.test(m))));\n',
    );
    for (const args of [['--version'], ['--help'], ['build', '--help']]) {
      const { stderr } = await run(process.execPath, [probe, ...args], { cwd: dir });
      expect(JSON.parse(stderr)).toEqual([]);
    }
  });

  // The bundle swaps string-width for a shim that answers ASCII itself (see lazy-string-width.mjs).
  it('lays out help exactly as the sources do', async () => {
    for (const args of [['--help'], ['package', '--help'], ['deploy', '--help'], ['verify', '--help']]) {
      const fromSources = await runToolkit(args, { cwd: dir });
      expect(fromSources.stdout).toContain('--help');
      expect((await toolkit(dir, args)).stdout).toBe(fromSources.stdout);
    }
  });

  // The bundle is split where commands import their actions (see ensure-bundle.mjs): a start
  // reads and compiles only the chunks its command runs, each from its own code cache.
  it('loads a small part of the bundle for --version, and each chunk a command loads from its own code cache', async () => {
    const dist = resolve(fileURLToPath(new URL('../dist', import.meta.url)));
    const files = (await readdir(dist)).filter((file) => file.endsWith('.cjs'));
    const size = async (names: string[]) =>
      (await Promise.all(names.map((n) => stat(join(dist, n))))).reduce((sum, s) => sum + s.size, 0);
    const cached = async () =>
      new Set((await readdir(dist)).filter((f) => f.endsWith('.cjs.cache')).map((f) => f.slice(0, -'.cache'.length)));
    for (const file of await readdir(dist))
      if (file.endsWith('.cjs.cache')) await rm(join(dist, file), { force: true });
    expect((await toolkit(dir, ['--version'])).stdout.trim()).toBe('0.1.0');
    const forVersion = [...(await cached())];
    expect(forVersion).toContain('main.cjs');
    expect(await size(forVersion)).toBeLessThan((await size(files)) / 5);
    const dryRun = ['package', '--dry-run', '--json'];
    await toolkit(join(dir, 'hello-signed'), dryRun);
    const packageOnly = [...(await cached())].filter((file) => !forVersion.includes(file));
    expect(packageOnly.length).toBeGreaterThan(0);
    const written = await Promise.all(packageOnly.map((file) => readFile(join(dist, `${file}.cache`))));
    // V8 accepts them on the next run, which therefore leaves them as they were.
    await toolkit(join(dir, 'hello-signed'), dryRun);
    const reread = await Promise.all(packageOnly.map((file) => readFile(join(dist, `${file}.cache`))));
    expect(reread.every((cache, i) => cache.equals(written[i]!))).toBe(true);
  });

  // The bin starts the bundle from a V8 code cache beside it (see load-bundle.mjs).
  it('starts from a code cache, and replaces one that V8 rejects', async () => {
    const cache = resolve(fileURLToPath(new URL('../dist/main.cjs.cache', import.meta.url)));
    await writeFile(cache, 'not a code cache');
    expect((await toolkit(dir, ['--version'])).stdout.trim()).toBe('0.1.0');
    const rewritten = await readFile(cache);
    expect(rewritten.length).toBeGreaterThan(100_000);
    expect((await toolkit(dir, ['--version'])).stdout.trim()).toBe('0.1.0');
    expect((await readFile(cache)).equals(rewritten)).toBe(true); // accepted, so left as it was
  });
});
