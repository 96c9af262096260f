import { chmodSync, cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  lines,
  npmProjectFiles,
  npmTarball,
  pnpmLockfile,
  readZip,
  useFixtureProjects,
  writeNpmProject,
  zipEntryNames,
} from '@toolkit/test-support';
import { runToolkit } from './support/run-toolkit.ts';

/** npm, pip and make are found on the test machine's PATH. */
const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

interface BuiltJson {
  artifacts: Array<{
    id: string;
    zip: string;
    sha256: string;
    buildMethod: string;
    dependencies: { tool: string; cacheKey: string; reused: boolean } | null;
  }>;
}

const greeting = {
  name: 'greeting',
  version: '1.0.0',
  files: { 'index.js': "exports.greet = (n) => 'hello ' + n;\n" },
};

function fn(name: string, codeUri: string, extra: string[] = []): string[] {
  return [
    `  ${name}:`,
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    `      CodeUri: ${codeUri}`,
    '      Handler: index.handler',
    '      Runtime: nodejs20.x',
    ...extra,
  ];
}

/** A project folder with two functions sharing one manifest and lockfile, each depending on a packed tarball. */
async function nodeProject(
  project: (tree: Record<string, string>) => Promise<string>,
  extra: Record<string, string> = {},
) {
  const dir = await project({
    'template.yaml': lines('Resources:', ...fn('One', 'one/'), ...fn('Two', 'two/')),
    'one/index.js': "exports.handler = async () => require('greeting').greet('one');\n",
    'two/index.js': "exports.handler = async () => require('greeting').greet('two');\n",
    ...extra,
  });
  writeNpmProject(join(dir, 'one'), 'app', [greeting]);
  // The same tarball (tar records times, so a second pack would differ) and the same manifest and lockfile.
  cpSync(join(dir, 'one'), join(dir, 'two'), { recursive: true, filter: (from) => !from.endsWith('index.js') });
  return dir;
}

describe('toolkit build: Node.js dependencies', () => {
  const project = useFixtureProjects();

  it('installs production dependencies with npm ci into the zip, once for functions sharing a lockfile, never in the source', async () => {
    const dir = await nodeProject(project);
    const run = await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const built = JSON.parse(run.stdout) as BuiltJson;
    const [one, two] = built.artifacts;
    expect(one!.buildMethod).toBe('npm');
    expect(one!.dependencies).toMatchObject({ tool: 'npm' });
    // Same manifest, lockfile, runtime and architecture: one install serves both.
    expect(two!.dependencies?.cacheKey).toBe(one!.dependencies?.cacheKey);
    expect([one!.dependencies?.reused, two!.dependencies?.reused].sort()).toEqual([false, true]);
    expect(readdirSync(join(dir, '.toolkit/build/deps')).filter((n) => /^[0-9a-f]{64}$/.test(n))).toHaveLength(1);
    expect(await zipEntryNames(one!.zip)).toEqual(
      expect.arrayContaining(['index.js', 'node_modules/greeting/index.js', 'package.json']),
    );
    const entries = await readZip(one!.zip);
    expect(entries.find((e) => e.name === 'node_modules/greeting/index.js')?.content.toString()).toContain('hello');
    expect(existsSync(join(dir, 'one/node_modules'))).toBe(false);

    const again = JSON.parse((await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv })).stdout) as BuiltJson;
    expect(again.artifacts.map((a) => a.dependencies?.reused)).toEqual([true, true]);
    expect(again.artifacts[0]!.sha256).toBe(one!.sha256);

    // Without --json: a progress line per step of each artifact on stderr, and the table says how and where.
    const plain = await runToolkit(['build'], { cwd: dir, env: toolEnv });
    expect(plain.stderr).toMatch(/install One {2}npm [0-9a-f]{12} \(reused\)/);
    expect(plain.stderr).toMatch(/build {2}One {2}[0-9a-f]{12} \d+ bytes \(cached\)/);
    expect(plain.stdout).toMatch(new RegExp(`One .* npm \\(deps reused\\) .* \\.toolkit/build/${one!.sha256}\\.zip`));
  });

  it('installs again when a file: package changes in place, the manifest unchanged', async () => {
    const dir = await project({
      'template.yaml': lines('Resources:', ...fn('One', 'one/')),
      'one/index.js': "exports.handler = async () => require('greeting').greet('one');\n",
    });
    const pack = (word: string) =>
      npmTarball(join(dir, 'one'), 'vendor/greeting.tgz', {
        ...greeting,
        files: { 'index.js': `exports.greet = (n) => '${word} ' + n;\n` },
      });
    const { spec } = pack('hello');
    writeFileSync(join(dir, 'one/package.json'), JSON.stringify({ name: 'app', dependencies: { greeting: spec } }));
    const installed = async () => {
      const run = await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv });
      expect(run.exitCode).toBe(0);
      const [one] = (JSON.parse(run.stdout) as BuiltJson).artifacts;
      const entries = await readZip(one!.zip);
      return entries.find((e) => e.name === 'node_modules/greeting/index.js')?.content.toString();
    };
    expect(await installed()).toContain("'hello '");
    pack('bonjour');
    expect(await installed()).toContain("'bonjour '");
  });

  it('gives a nodejs layer the nodejs/node_modules layout', async () => {
    const dir = await project({
      'template.yaml': lines(
        'Resources:',
        '  Deps:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties:',
        '      ContentUri: layer/',
        '    Metadata:',
        '      BuildMethod: nodejs20.x',
      ),
    });
    writeNpmProject(join(dir, 'layer'), 'layer', [greeting]);
    const run = await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv });
    expect(run.exitCode).toBe(0);
    const [layer] = (JSON.parse(run.stdout) as BuiltJson).artifacts;
    expect(layer!.buildMethod).toBe('npm');
    expect(await zipEntryNames(layer!.zip)).toEqual(
      expect.arrayContaining(['nodejs/package.json', 'nodejs/node_modules/greeting/index.js']),
    );
  });

  it('fails with exit 1 naming the function, the manifest and npm’s last lines, and builds no zip', async () => {
    const dir = await nodeProject(project);
    // A lockfile naming a tarball that is not there (and, by its made-up digest, in no npm cache).
    const missing = { name: 'missing', version: '1.0.0', spec: 'file:vendor/missing-1.0.0.tgz' };
    const integrity = `sha512-${Buffer.from(dir).toString('base64')}`;
    for (const [name, text] of Object.entries(npmProjectFiles('app', [{ ...missing, integrity }])))
      writeFileSync(join(dir, 'two', name), text);
    const run = await runToolkit(['build'], { cwd: dir, env: toolEnv });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`Function Two (${join(dir, 'two/package.json')}): \`npm ci --omit=dev`);
    expect(run.stderr).toMatch(/its last lines:\n {2}npm /);
    expect(run.stderr).toContain('missing-1.0.0.tgz');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(dir, '.toolkit/build')).filter((n) => n.endsWith('.zip'))).toEqual([]);
  });

  it('installs with pnpm (hoisted node_modules) when the folder holds pnpm-lock.yaml', async () => {
    const dir = await project({
      'template.yaml': lines('Resources:', ...fn('Fn', 'fn/')),
      'fn/index.js': "exports.handler = async () => require('greeting').greet('pnpm');\n",
      // pnpm as the repository runs it, through npx.
      'bin/pnpm': '#!/bin/sh\nexec npx -y pnpm@12.4.2 "$@"\n',
    });
    chmodSync(join(dir, 'bin/pnpm'), 0o755);
    const [packed] = writeNpmProject(join(dir, 'fn'), 'fn', [greeting]);
    rmSync(join(dir, 'fn/package-lock.json'));
    writeFileSync(join(dir, 'fn/pnpm-lock.yaml'), pnpmLockfile([packed!]));
    const env = { ...toolEnv, PATH: `${join(dir, 'bin')}:${process.env.PATH}` };
    const run = await runToolkit(['build', '--json'], { cwd: dir, env });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const [built] = (JSON.parse(run.stdout) as BuiltJson).artifacts;
    expect(built).toMatchObject({ buildMethod: 'pnpm', dependencies: { tool: 'pnpm', reused: false } });
    const entries = await readZip(built!.zip);
    expect(entries.find((e) => e.name === 'node_modules/greeting/index.js')?.content.toString()).toContain('hello');
    expect(existsSync(join(dir, 'fn/node_modules'))).toBe(false);
  });

  it('refuses with exit 2 when the lockfile’s package manager is not installed', async () => {
    const dir = await project({
      'template.yaml': lines('Resources:', ...fn('Fn', 'fn/')),
      'fn/index.js': 'exports.handler = async () => 1;\n',
      'fn/package.json': '{"name":"fn","version":"1.0.0"}\n',
      'fn/yarn.lock': '',
    });
    // A PATH with node alone: no yarn, whatever the machine has.
    const run = await runToolkit(['build'], { cwd: dir, env: { PATH: join(dir, 'no-tools') } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      `Function Fn (${join(dir, 'fn/package.json')}): yarn is needed but is not installed or not on PATH.`,
    );
  });

  it('zips a folder with Metadata SkipBuild as it is, package.json and node_modules included', async () => {
    const dir = await project({
      'template.yaml': lines('Resources:', ...fn('Fn', 'fn/'), '    Metadata:', '      SkipBuild: true'),
      'fn/index.js': 'exports.handler = async () => 1;\n',
      'fn/package.json': '{"name":"fn","version":"1.0.0","dependencies":{"not-installable":"file:nowhere.tgz"}}\n',
      'fn/node_modules/prebuilt/index.js': 'module.exports = 1;\n',
    });
    const run = await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv });
    expect(run.exitCode, run.stderr).toBe(0);
    const [built] = (JSON.parse(run.stdout) as BuiltJson).artifacts;
    expect(built).toMatchObject({ buildMethod: 'copy', dependencies: null });
    expect(await zipEntryNames(built!.zip)).toEqual(['index.js', 'node_modules/prebuilt/index.js', 'package.json']);
  });

  it('refuses an unknown BuildMethod with exit 2 at the Metadata’s position', async () => {
    const dir = await project({
      'template.yaml': lines('Resources:', ...fn('Fn', 'fn/'), '    Metadata:', '      BuildMethod: gradle'),
      'fn/index.js': 'exports.handler = async () => 1;\n',
    });
    const run = await runToolkit(['build'], { cwd: dir, env: toolEnv });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`template.yaml:9:7: Fn: unknown BuildMethod 'gradle'`);
  });

  it('refuses --use-container with exit 2 and accepts --parallel and --cached', async () => {
    const dir = await project({
      'template.yaml': lines('Resources:', ...fn('Fn', 'fn/')),
      'fn/index.js': 'exports.handler = async () => 1;\n',
    });
    const refused = await runToolkit(['build', '--use-container'], { cwd: dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^error: --use-container: building in a container is not supported/);
    const accepted = await runToolkit(['build', '--parallel', '--cached', '--json'], { cwd: dir });
    expect(accepted.exitCode).toBe(0);
    expect((JSON.parse(accepted.stdout) as BuiltJson).artifacts[0]!.buildMethod).toBe('copy');
  });
});
