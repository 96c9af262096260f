import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip, startTestCloud, tempDir, type TestCloud } from '@toolkit/test-support';
import { copyExample } from './support/example-project.ts';
import { runToolkit } from './support/run-toolkit.ts';

const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

interface Built {
  id: string;
  zip: string;
  sha256: string;
  buildMethod: string;
  dependencies: { tool: string } | null;
}

describe('examples/build-methods: npm dependencies, an esbuild bundle and pip requirements, deployed', () => {
  let dir = '';
  let project = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  let built: Map<string, Built>;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    project = await copyExample('build-methods', join(dir, 'build-methods'));
    cloud = await startTestCloud(join(dir, 'state'));
    const build = await runToolkit(['build', '--json'], { cwd: project, env: toolEnv });
    expect(build.exitCode, build.stderr).toBe(0);
    built = new Map((JSON.parse(build.stdout) as { artifacts: Built[] }).artifacts.map((a) => [a.id, a]));
    const deploy = await runToolkit(
      ['deploy', '--stack-name', 'build-methods', '--capabilities', 'CAPABILITY_IAM', '--json', ...cloud.targetArgs],
      { cwd: project, env: toolEnv },
    );
    expect(deploy.exitCode, deploy.stderr).toBe(0);
    const document = JSON.parse(deploy.stdout) as { status: string; outputs: Record<string, string> };
    expect(document.status).toBe('CREATE_COMPLETE');
    outputs = document.outputs;
  }, 240_000);

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  const entries = async (id: string) => {
    const zip = await readZip(built.get(id)!.zip);
    return new Map(zip.map((e) => [e.name, e.content.toString()]));
  };

  it('deploys each function with exactly the zip the build made', async () => {
    for (const id of ['NodeDependenciesFunction', 'TypeScriptFunction', 'PythonRequirementFunction']) {
      const config = await cloud.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: outputs[`${id}Arn`] }),
      );
      expect(config.CodeSha256, id).toBe(Buffer.from(built.get(id)!.sha256, 'hex').toString('base64'));
    }
  });

  // Each zip runs: the installed dependency, the bundle and the pip package answer the invoke.
  it('runs each deployed zip with toolkit local invoke', async () => {
    const expected: Record<string, string> = {
      NodeDependenciesFunction: 'hello, zip',
      TypeScriptFunction: 'hello, ZIP',
      PythonRequirementFunction: 'hello, zip',
    };
    for (const [id, message] of Object.entries(expected)) {
      const invoked = await runToolkit(
        ['local', 'invoke', id, '--stack-name', 'build-methods', '--event=-', '--json', ...cloud.targetArgs],
        { cwd: project, env: toolEnv, stdin: '{"name": "zip"}' },
      );
      expect(invoked.exitCode, invoked.stderr).toBe(0);
      expect((JSON.parse(invoked.stdout) as { payload: unknown }).payload, id).toEqual({ message });
    }
  });

  it('ships the Node.js function with its dependency installed by npm', async () => {
    expect(built.get('NodeDependenciesFunction')).toMatchObject({ buildMethod: 'npm', dependencies: { tool: 'npm' } });
    const files = await entries('NodeDependenciesFunction');
    expect(files.get('node_modules/greeting/index.js')).toContain('hello, ');
    expect(files.get('index.js')).toContain("require('greeting')");
  });

  it('ships the TypeScript function as esbuild’s bundle, not its source', async () => {
    expect(built.get('TypeScriptFunction')).toMatchObject({ buildMethod: 'esbuild', dependencies: null });
    const files = await entries('TypeScriptFunction');
    expect([...files.keys()]).toEqual(['index.js']);
    expect(files.get('index.js')).toContain('toUpperCase()');
    expect(files.get('index.js')).not.toContain('interface Greeting');
  });

  it('ships the Python function with its requirement installed by pip', async () => {
    expect(built.get('PythonRequirementFunction')).toMatchObject({ buildMethod: 'pip', dependencies: { tool: 'pip' } });
    const files = await entries('PythonRequirementFunction');
    expect(files.get('greeting/__init__.py')).toContain('def greet(name)');
    expect(files.get('app.py')).toContain('import greeting');
  });
});
