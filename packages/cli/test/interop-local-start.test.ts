import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstJsonDocument, fixtureTree, missingTool, storedZip, tools } from '@toolkit/test-support';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const toolkitBin = join(repoRoot, 'packages/cli/bin/toolkit.mjs');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the AWS CLI against `endpoint` with throwaway credentials. */
function aws(endpoint: string, args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      'aws',
      [...args, '--endpoint-url', endpoint, '--output', 'json'],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
        },
      },
      (error, stdout, stderr) =>
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function json<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
  FunctionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  Hello:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: !GetAtt FunctionRole.Arn
      Code:
        ZipFile: |
          exports.handler = async () => 'hello from the AWS CLI';
Outputs:
  BucketName:
    Value: !Ref Artifacts
  FunctionName:
    Value: !Ref Hello
`;

describe.skipIf(missingTool(tools.awsCli))('the AWS CLI against `toolkit local start` in a child process', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let child: ChildProcess;
  let exited: Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  let endpoint: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({ 'template.yaml': template }));
    child = spawn(
      process.execPath,
      [toolkitBin, 'local', 'start', '--port', '0', '--state-dir', join(dir, 'state'), '--json'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const started = await firstJsonDocument(child);
    expect(started).toMatchObject({ region: 'us-east-1', accountId: '000000000000', stateDir: join(dir, 'state') });
    endpoint = started.endpoint as string;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoint).not.toBe('http://127.0.0.1:0');
    expect((started.environment as Record<string, string>).AWS_ENDPOINT_URL).toBe(endpoint);
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await cleanup?.();
  });

  it('deploys a stack with `aws cloudformation deploy` and describes it', async () => {
    const deployed = await aws(endpoint, [
      'cloudformation',
      'deploy',
      '--template-file',
      join(dir, 'template.yaml'),
      '--stack-name',
      'interop',
      '--capabilities',
      'CAPABILITY_IAM',
    ]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stdout).toContain('Successfully created/updated stack - interop');

    const described = json<{
      Stacks: { StackStatus: string; Outputs: { OutputKey: string; OutputValue: string }[] }[];
    }>(await aws(endpoint, ['cloudformation', 'describe-stacks', '--stack-name', 'interop']));
    expect(described.Stacks[0]!.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries(described.Stacks[0]!.Outputs.map((o) => [o.OutputKey, o.OutputValue]));
    expect(
      json<{ Status: string }>(await aws(endpoint, ['s3api', 'get-bucket-versioning', '--bucket', outputs.BucketName!]))
        .Status,
    ).toBe('Enabled');
    const fn = json<{ Configuration: { Runtime: string; Handler: string } }>(
      await aws(endpoint, ['lambda', 'get-function', '--function-name', outputs.FunctionName!]),
    );
    expect(fn.Configuration).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler' });
  }, 150_000);

  it('creates a code signing config and functions from fileb:// zips, enforcing the config', async () => {
    const zipPath = join(dir, 'fn.zip');
    await writeFile(zipPath, storedZip({ 'index.mjs': 'export const handler = async () => "zip";\n' }));
    const profile = json<{ profileVersionArn: string }>(
      await aws(endpoint, [
        'signer',
        'put-signing-profile',
        '--profile-name',
        'InteropSigning',
        '--platform-id',
        'AWSLambda-SHA384-ECDSA',
      ]),
    );
    const csc = json<{
      CodeSigningConfig: {
        CodeSigningConfigArn: string;
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: string };
      };
    }>(
      await aws(endpoint, [
        'lambda',
        'create-code-signing-config',
        '--allowed-publishers',
        `SigningProfileVersionArns=${profile.profileVersionArn}`,
        '--code-signing-policies',
        'UntrustedArtifactOnDeployment=Enforce',
      ]),
    );
    expect(csc.CodeSigningConfig.CodeSigningConfigArn).toMatch(
      /^arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-[a-z0-9]{17}$/,
    );
    expect(csc.CodeSigningConfig.CodeSigningPolicies.UntrustedArtifactOnDeployment).toBe('Enforce');

    const create = (name: string, ...extra: string[]) =>
      aws(endpoint, [
        'lambda',
        'create-function',
        '--function-name',
        name,
        '--runtime',
        'nodejs22.x',
        '--handler',
        'index.handler',
        '--role',
        'arn:aws:iam::000000000000:role/interop',
        '--zip-file',
        `fileb://${zipPath}`,
        ...extra,
      ]);
    const plain = json<{ FunctionName: string; CodeSize: number; CodeSha256: string }>(await create('interop-plain'));
    expect(plain.FunctionName).toBe('interop-plain');
    expect(plain.CodeSize).toBeGreaterThan(0);

    // The same unsigned zip under the Enforce configuration is refused.
    const refused = await create(
      'interop-enforced',
      '--code-signing-config-arn',
      csc.CodeSigningConfig.CodeSigningConfigArn,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('CodeVerificationFailedException');
  });

  it('stops on SIGTERM with exit code 0 and says so on stderr', async () => {
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(stderr).toContain('Local cloud stopped.');
  });
});
