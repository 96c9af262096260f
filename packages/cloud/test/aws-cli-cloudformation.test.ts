import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { missingTool, tools } from '@toolkit/test-support';

const run = promisify(execFile);

const TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Suffix:
    Type: String
    Default: one
Resources:
  Store:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'cli-\${Suffix}'
Outputs:
  BucketName:
    Value: !Ref Store
    Export:
      Name: cli-bucket
`;

describe.skipIf(missingTool(tools.awsCli))('AWS CLI against the local CloudFormation', () => {
  let f: CfnFixture;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    f = await startCfnFixture();
    dir = await mkdtemp(join(tmpdir(), 'toolkit-cfn-cli-'));
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    };
    await writeFile(join(dir, 'template.yaml'), TEMPLATE);
  });
  afterAll(async () => {
    await f?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function aws(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run('aws', [...args, '--endpoint-url', f.cloud.endpoint], { env });
  }

  it('deploys with `aws cloudformation deploy` and shows the outputs in describe-stacks', async () => {
    const deployed = await aws(
      'cloudformation',
      'deploy',
      '--template-file',
      join(dir, 'template.yaml'),
      '--stack-name',
      'cli-stack',
      '--parameter-overrides',
      'Suffix=two',
    );
    expect(deployed.stdout).toContain('Successfully created/updated stack - cli-stack');
    const described = JSON.parse(
      (await aws('cloudformation', 'describe-stacks', '--stack-name', 'cli-stack', '--output', 'json')).stdout,
    ) as {
      Stacks: {
        StackStatus: string;
        Outputs: { OutputKey: string; OutputValue: string; ExportName: string }[];
        Parameters: unknown[];
      }[];
    };
    expect(described.Stacks[0]?.StackStatus).toBe('CREATE_COMPLETE');
    expect(described.Stacks[0]?.Outputs).toEqual([
      { OutputKey: 'BucketName', OutputValue: 'cli-two', ExportName: 'cli-bucket' },
    ]);
    expect(described.Stacks[0]?.Parameters).toEqual([{ ParameterKey: 'Suffix', ParameterValue: 'two' }]);

    // Deploying the same again keeps the previous parameter value and finds nothing to change.
    const again = await aws(
      'cloudformation',
      'deploy',
      '--template-file',
      join(dir, 'template.yaml'),
      '--stack-name',
      'cli-stack',
      '--no-fail-on-empty-changeset',
    );
    expect(again.stdout).toContain('No changes to deploy. Stack cli-stack is up to date');
  }, 150_000);
});
