import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fixtureTree, startTestCloud, type TestCloud } from '@toolkit/test-support';
import { copyExample } from './support/example-project.ts';
import { Normaliser, packageVariables, type VariableValue } from './support/json-normaliser.ts';
import { projectStateDir, runToolkit, type ToolkitRun } from './support/run-toolkit.ts';

// Pins what `toolkit deploy --json` prints for the repository's examples (the admin stack they
// import from, hello-signed, multi-function-release), so that restructuring cannot change it.
// Only what differs from run to run is normalised: what `package` normalises (the project
// folder, signing job, object version and profile version ids, nested template names), event
// and expiry times, and the ids CloudFormation and Lambda make up: stack and change set ids
// (uuids), change set names (a clock reading), code signing config ids, the random suffix of
// generated physical names, and the hash in a layer version's logical id.
// The account (000000000000) and region of the local cloud are the same on every run.

const deployVariables: readonly VariableValue[] = [
  ...packageVariables,
  [/"changeSetName": "([^"]+)"/g, 'change-set'],
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'uuid'],
  // Generated physical names end in a random upper-case suffix (nested stacks, functions).
  [/-([A-Z0-9]{8,13})(?=[-"])/g, 'suffix'],
  [/csc-[a-z0-9]{17}/g, 'code-signing-config'],
  // SAM names a layer's LayerVersion by a hash of its content location, which holds the object version id.
  [/"[A-Za-z]+Layer([0-9a-f]{10})"/g, 'layer-hash'],
];

const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

describe('toolkit deploy --json for the examples is unchanged', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  const outputs: Record<string, string> = {};

  const run = async (args: string[], cwd: string): Promise<ToolkitRun> => {
    // The release example's built functions run npm and pip, found on PATH.
    const result = await runToolkit([...args, ...cloud.targetArgs], { cwd, env: toolEnv });
    expect(result.exitCode, result.stderr).toBe(0);
    return result;
  };

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({}));
    cloud = await startTestCloud(projectStateDir(dir));
    for (const name of ['admin', 'hello-signed', 'multi-function-release']) await copyExample(name, join(dir, name));
    const normaliser = new Normaliser(dir, deployVariables);
    const layer = JSON.parse((await run(['local', 'profile', 'create', 'LayerSigning', '--json'], dir)).stdout) as {
      profileVersionArn: string;
    };
    // As the release example does: the admin stack owns ReleaseSigning and trusts the layer profile too.
    outputs['admin: deploy --json'] = normaliser.normalise(
      (
        await run(
          [
            'deploy',
            '--template-file',
            'admin/template.yaml',
            '--stack-name',
            'toolkit-admin',
            '--parameter-overrides',
            `AdditionalSigningProfileVersionArn=${layer.profileVersionArn}`,
            '--json',
          ],
          dir,
        )
      ).stdout,
    );
    const hello = [
      'deploy',
      '--template-file',
      'hello-signed/template.yaml',
      '--stack-name',
      'hello-signed',
      '--signing-profiles',
      'HelloFunction=ReleaseSigning',
      '--capabilities',
      'CAPABILITY_IAM',
      '--json',
    ];
    outputs['hello-signed: deploy --json'] = normaliser.normalise((await run(hello, dir)).stdout);
    // Everything else comes from its samconfig.toml.
    outputs['multi-function-release: deploy --json'] = normaliser.normalise(
      (await run(['deploy', '--json'], join(dir, 'multi-function-release'))).stdout,
    );
    // Again: nothing changed, nothing is signed or uploaded.
    outputs['hello-signed: deploy --no-fail-on-empty-changeset --json, again'] = normaliser.normalise(
      (await run([...hello, '--no-fail-on-empty-changeset'], dir)).stdout,
    );
  }, 180_000);

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('prints the same documents as before', async () => {
    const text = Object.entries(outputs)
      .map(([name, output]) => `=== ${name}\n${output.trimEnd()}\n`)
      .join('\n');
    await expect(text).toMatchFileSnapshot('golden/deploy-examples.txt');
  });
});
