import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, pythonWheel, readZip, useFixtureProjects, zipEntryNames } from '@toolkit/test-support';
import { runToolkit } from './support/run-toolkit.ts';

const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

interface BuiltJson {
  artifacts: Array<{
    id: string;
    zip: string;
    buildMethod: string;
    dependencies: { tool: string; cacheKey: string } | null;
  }>;
}

/** Requirements that install from the wheels folder beside them and never reach a package index. */
/** A python3.12 function `Fn` in `fn/`, and the lines that follow it. */
const pythonTemplate = (...more: string[]) =>
  lines(
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: fn/',
    '      Handler: app.handler',
    '      Runtime: python3.12',
    ...more,
  );

const offlineRequirements = (requirement: string) => lines('--no-index', '--find-links wheels', requirement);

describe('toolkit build: Python requirements', () => {
  const project = useFixtureProjects();

  it('installs requirements.txt into a function zip and, from the same install, into python/ of a layer', async () => {
    const dir = await project({
      'template.yaml': pythonTemplate(
        '  Lib:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties:',
        '      ContentUri: fn/',
        '    Metadata:',
        '      BuildMethod: python3.12',
      ),
      'fn/app.py': 'import greeting\ndef handler(event, context):\n    return greeting.greet()\n',
      'fn/requirements.txt': offlineRequirements('greeting==1.0.0'),
    });
    pythonWheel(join(dir, 'fn/wheels'), 'greeting', '1.0.0', {
      'greeting/__init__.py': "def greet():\n    return 'hello'\n",
    });
    const run = await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const [fn, layer] = (JSON.parse(run.stdout) as BuiltJson).artifacts;
    expect(fn).toMatchObject({ buildMethod: 'pip', dependencies: { tool: 'pip' } });
    expect(layer!.dependencies).toMatchObject({
      tool: 'pip',
      cacheKey: (fn!.dependencies as { cacheKey: string }).cacheKey,
    });
    expect(await zipEntryNames(fn!.zip)).toEqual(
      expect.arrayContaining(['app.py', 'requirements.txt', 'greeting/__init__.py']),
    );
    const entries = await readZip(fn!.zip);
    expect(entries.find((e) => e.name === 'greeting/__init__.py')?.content.toString()).toContain("return 'hello'");
    expect(await zipEntryNames(layer!.zip)).toEqual(
      expect.arrayContaining(['python/app.py', 'python/greeting/__init__.py']),
    );
    expect(existsSync(join(dir, 'fn/greeting'))).toBe(false);
  });

  it('gives byte-identical zips from two cold installs: pip writes no bytecode, whose header holds a time', async () => {
    const dir = await project({
      'template.yaml': pythonTemplate(),
      'fn/app.py': 'import greeting\ndef handler(event, context):\n    return greeting.greet()\n',
      'fn/requirements.txt': offlineRequirements('greeting==1.0.0'),
    });
    pythonWheel(join(dir, 'fn/wheels'), 'greeting', '1.0.0', {
      'greeting/__init__.py': "def greet():\n    return 'hello'\n",
    });
    const build = async (buildDir: string) => {
      const run = await runToolkit(['build', '--json', '--build-dir', buildDir], { cwd: dir, env: toolEnv });
      expect(run.exitCode).toBe(0);
      return (JSON.parse(run.stdout) as BuiltJson).artifacts[0]!.zip;
    };
    const first = await build('first');
    // A second for the bytecode's timestamp to move, were any written.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await build('second');
    expect((await zipEntryNames(first)).filter((name) => name.endsWith('.pyc'))).toEqual([]);
    expect(await readFile(resolve(dir, second))).toEqual(await readFile(resolve(dir, first)));
  });

  it('installs again when a local wheel changes in place, its requirement line unchanged', async () => {
    const dir = await project({
      'template.yaml': pythonTemplate(),
      'fn/app.py': 'import greeting\ndef handler(event, context):\n    return greeting.greet()\n',
      'fn/requirements.txt': offlineRequirements('greeting==1.0.0'),
    });
    const wheel = (text: string) =>
      pythonWheel(join(dir, 'fn/wheels'), 'greeting', '1.0.0', {
        'greeting/__init__.py': `def greet():\n    return '${text}'\n`,
      });
    const greeting = async () => {
      const run = await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv });
      expect(run.exitCode).toBe(0);
      const [fn] = (JSON.parse(run.stdout) as BuiltJson).artifacts;
      const entries = await readZip(fn!.zip);
      return entries.find((e) => e.name === 'greeting/__init__.py')?.content.toString();
    };
    wheel('hello');
    expect(await greeting()).toContain("return 'hello'");
    wheel('bonjour');
    expect(await greeting()).toContain("return 'bonjour'");
  });

  it('fails with exit 1 naming the function, requirements.txt and the package pip cannot find', async () => {
    const dir = await project({
      'template.yaml': pythonTemplate(),
      'fn/app.py': 'def handler(event, context):\n    return 1\n',
      'fn/requirements.txt': offlineRequirements('no-such-package==9.9'),
      'fn/wheels/.keep': '',
    });
    const run = await runToolkit(['build'], { cwd: dir, env: toolEnv });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error: Function Fn (${join(dir, 'fn/requirements.txt')}): \`python3 -m pip install`);
    expect(run.stderr).toMatch(/No matching distribution found for no-such-package==9\.9/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
