import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cloudClientConfig,
  fixtureTree,
  missingTool,
  startTestCloud,
  tools,
  type TestCloud,
} from '@toolkit/test-support';
import { copyExample } from './support/example-project.ts';
import { runToolkit, runToolkitProcess } from './support/run-toolkit.ts';

// The README's walk-through: the admin deploys examples/admin; the developer, with its own
// credentials, packages and deploys a signed app, and is refused what its policy denies.

const unsignedApp = `Transform: AWS::Serverless-2016-10-31
Resources:
  Loose:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: loose
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
`;

let project: { dir: string; cleanup(): Promise<void> };
let cloud: TestCloud;
let env: Record<string, string>;
const toolkit = (args: string[]) => runToolkit(args, { cwd: project.dir, env });
// The SDK reads the shared config files from the process's environment: `--profile` runs go through the bin.
const asDeveloper = ([command = '', ...rest]: string[]) =>
  runToolkitProcess([command, '--profile', 'dev', ...rest], { cwd: project.dir, env });

beforeAll(async () => {
  project = await fixtureTree({
    'loose/template.yaml': unsignedApp,
    'loose/src/index.mjs': 'export const handler = async () => 1;\n',
    'state/.keep': '',
  });
  await copyExample('admin', join(project.dir, 'admin'));
  await copyExample('hello-signed', join(project.dir, 'hello'));
  cloud = await startTestCloud(join(project.dir, 'state'));
  env = {
    AWS_CONFIG_FILE: join(project.dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(project.dir, 'aws-credentials'),
  };
  const developer = new S3Client({
    ...cloudClientConfig(cloud.cloud.endpoint),
    credentials: cloud.cloud.credentials('developer'),
  });
  await developer.send(new CreateBucketCommand({ Bucket: 'dev-artifacts' }));
  await developer.send(
    new PutBucketVersioningCommand({ Bucket: 'dev-artifacts', VersioningConfiguration: { Status: 'Enabled' } }),
  );
  developer.destroy();
});
afterAll(async () => {
  await cloud?.close();
  await project?.cleanup();
});

describe('separation of duties through the CLI', () => {
  it('the admin deploys examples/admin, which grants the developer its profile permission', async () => {
    const run = await toolkit([
      'deploy',
      '--template-file',
      'admin/template.yaml',
      '--stack-name',
      'toolkit-admin',
      ...cloud.targetArgs,
      '--json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'CREATE_COMPLETE' });
    const profile = await toolkit([
      'local',
      'credentials',
      '--identity',
      'developer',
      '--profile-name',
      'dev',
      '--state-dir',
      'state',
      '--json',
    ]);
    expect(profile.exitCode, profile.stderr).toBe(0);
  });

  it('the developer packages with --signing-profiles and deploys under its own identity', async () => {
    const run = await asDeveloper([
      'deploy',
      '--template-file',
      'hello/template.yaml',
      '--stack-name',
      'hello',
      '--s3-bucket',
      'dev-artifacts',
      '--signing-profiles',
      'HelloFunction=ReleaseSigning',
      '--capabilities',
      'CAPABILITY_IAM',
      '--json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ stackName: 'hello', status: 'CREATE_COMPLETE' });
  });

  it('the developer cannot deploy an unsigned function: its stack rolls back with the denial', async () => {
    const run = await asDeveloper([
      'deploy',
      '--template-file',
      'loose/template.yaml',
      '--stack-name',
      'loose',
      '--s3-bucket',
      'dev-artifacts',
      '--capabilities',
      'CAPABILITY_IAM',
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'User: arn:aws:iam::000000000000:user/developer is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:loose with an explicit deny in an identity-based policy',
    );
  });

  it.skipIf(missingTool(tools.awsCli))('the developer cannot detach the configuration with the AWS CLI', async () => {
    const functions = await aws([
      '--profile',
      'dev',
      'lambda',
      'list-functions',
      '--query',
      'Functions[].FunctionName',
    ]);
    const [name] = JSON.parse(functions.stdout) as string[];
    const refused = await aws([
      '--profile',
      'dev',
      'lambda',
      'delete-function-code-signing-config',
      '--function-name',
      name ?? '',
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      `An error occurred (AccessDeniedException) when calling the DeleteFunctionCodeSigningConfig operation: User: arn:aws:iam::000000000000:user/developer is not authorized to perform: lambda:DeleteFunctionCodeSigningConfig on resource: arn:aws:lambda:us-east-1:000000000000:function:${name ?? ''} with an explicit deny in an identity-based policy`,
    );
  });
});

function aws(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      ['--output', 'json', ...args],
      { env: { PATH: process.env.PATH, HOME: project.dir, AWS_PAGER: '', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
