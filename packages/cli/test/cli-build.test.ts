import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { runToolkit } from './support/run-toolkit.ts';
import { fixtureTree } from '@toolkit/test-support';

const template = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: api/
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: worker/
  Deps:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layer/
`;

describe('toolkit build', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function project(files: Record<string, string>) {
    const tree = await fixtureTree(files);
    cleanups.push(tree.cleanup);
    return tree.dir;
  }

  it('prints exactly one JSON document describing every artifact', async () => {
    const dir = await project({
      'template.yaml': template,
      'api/index.js': 'exports.handler = async () => 1;\n',
      'worker/index.js': 'exports.handler = async () => 2;\n',
      'layer/nodejs/lib.js': 'module.exports = 3;\n',
    });
    const run = await runToolkit(['build', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const document = JSON.parse(run.stdout) as { artifacts: Record<string, unknown>[] };
    expect(document.artifacts.map((a) => a.id).sort()).toEqual(['Api', 'Deps', 'Worker']);
    for (const artifact of document.artifacts) {
      expect(Object.keys(artifact).sort()).toEqual([
        'buildMethod',
        'dependencies',
        'id',
        'logicalId',
        'property',
        'resourceType',
        'sha256',
        'size',
        'source',
        'zip',
      ]);
      expect(artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(existsSync(artifact.zip as string)).toBe(true);
      expect(statSync(artifact.zip as string).size).toBe(artifact.size);
      expect(artifact.zip).toContain(`.toolkit/build/${artifact.sha256 as string}.zip`);
    }
    const deps = document.artifacts.find((a) => a.id === 'Deps')!;
    expect(deps).toMatchObject({
      resourceType: 'AWS::Serverless::LayerVersion',
      property: 'ContentUri',
      source: 'layer',
    });
  });

  it('prints a table on stdout without --json', async () => {
    const dir = await project({ 'template.yaml': template, 'api/a.js': 'a', 'worker/w.js': 'w', 'layer/l.js': 'l' });
    const run = await runToolkit(['build'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^artifact\s+type\s+built with\s+size\s+sha256\s+zip$/);
    expect(run.stdout).toMatch(/\bcopy\b.*\.toolkit\/build\/[0-9a-f]{64}\.zip/);
    expect(run.stdout).toContain('AWS::Serverless::Function');
  });

  it('exits 2 with file:line:col and no stack trace for a bad template', async () => {
    const dir = await project({ 'template.yaml': 'Resources:\n  Fn:\n    Properties: {}\n' });
    const run = await runToolkit(['build'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/template\.yaml:2:3/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the flag when the template file does not exist', async () => {
    const dir = await project({});
    const run = await runToolkit(['build', '--template-file', 'nope.yaml'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--template-file');
  });

  it('exits 2 on an unknown flag', async () => {
    const dir = await project({});
    const run = await runToolkit(['build', '--bogus-flag'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('error: Unknown option --bogus-flag for toolkit build; see toolkit build --help\n');
  });

  it('reads build_dir from samconfig.toml and lets the flag win over it', async () => {
    const dir = await project({
      'template.yaml': template,
      'api/a.js': 'a',
      'worker/w.js': 'w',
      'layer/l.js': 'l',
      'samconfig.toml': 'version = 0.1\n[default.build.parameters]\nbuild_dir = "from-config"\n',
    });
    const fromFile = JSON.parse((await runToolkit(['build', '--json'], { cwd: dir })).stdout) as {
      artifacts: { zip: string }[];
    };
    expect(fromFile.artifacts[0]!.zip).toContain('/from-config/');
    const fromFlag = JSON.parse(
      (await runToolkit(['build', '--json', '--build-dir', 'from-flag'], { cwd: dir })).stdout,
    ) as { artifacts: { zip: string }[] };
    expect(fromFlag.artifacts[0]!.zip).toContain('/from-flag/');
  });

  it('reports a config file syntax error with its position and exit 2', async () => {
    const dir = await project({ 'template.yaml': template, 'samconfig.toml': '[default.build.parameters\n' });
    const run = await runToolkit(['build'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/samconfig\.toml:1:\d+/);
  });
});
