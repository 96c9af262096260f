import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import {
  CreateCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  AddProfilePermissionCommand,
  ListProfilePermissionsCommand,
  SignerClient,
  StartSigningJobCommand,
} from '@aws-sdk/client-signer';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig, DEVELOPER_POLICY } from '../src/index.ts';
import { ROLE, handlerZip } from './lambda-fixtures.ts';
import { ZipSigner } from './lambda-signing-fixtures.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';

const DEVELOPER = 'arn:aws:iam::000000000000:user/developer';

let f: CloudFixture;
let signer: ZipSigner;
let adminLambda: LambdaClient;
let devCfn: CloudFormationClient;
let cscArn = '';
let codeVersion = '';

beforeAll(async () => {
  f = await startFixture();
  const config = { ...cloudClientConfig(f.cloud.endpoint), maxAttempts: 1 };
  signer = new ZipSigner(f.cloud, f.s3);
  adminLambda = new LambdaClient(config);
  devCfn = new CloudFormationClient({ ...config, credentials: f.cloud.credentials('developer') });
  await signer.init();
  const profile = await signer.profile('StackProfile');
  await signer.signer.send(
    new AddProfilePermissionCommand({
      profileName: 'StackProfile',
      action: 'signer:StartSigningJob',
      principal: DEVELOPER,
      statementId: 'dev',
    }),
  );
  const csc = await adminLambda.send(
    new CreateCodeSigningConfigCommand({
      AllowedPublishers: { SigningProfileVersionArns: [profile.profileVersionArn] },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
    }),
  );
  cscArn = csc.CodeSigningConfig?.CodeSigningConfigArn ?? '';
  const { signed } = await signer.sign(handlerZip('stack'), 'StackProfile');
  const put = await f.s3.send(new PutObjectCommand({ Bucket: 'signing-artifacts', Key: 'stack.zip', Body: signed }));
  codeVersion = put.VersionId ?? '';
});
afterAll(async () => {
  adminLambda.destroy();
  devCfn.destroy();
  signer.destroy();
  await f.close();
});

function functionTemplate(withCsc: boolean): string {
  return JSON.stringify({
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'stack-fn',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          Code: { S3Bucket: 'signing-artifacts', S3Key: 'stack.zip', S3ObjectVersion: codeVersion },
          ...(withCsc ? { CodeSigningConfigArn: cscArn } : {}),
        },
      },
    },
  });
}

async function settled(name: string): Promise<Stack> {
  // A bound on polls, not a timing assertion.
  for (let attempt = 0; attempt < 2000; attempt++) {
    const stack = (await devCfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    if (stack && !stack.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`stack ${name} did not settle`);
}

async function failureReasons(name: string): Promise<string[]> {
  const { StackEvents } = await devCfn.send(new DescribeStackEventsCommand({ StackName: name }));
  return (StackEvents ?? [])
    .filter((e) => e.ResourceStatus?.endsWith('_FAILED'))
    .map((e) => e.ResourceStatusReason ?? '');
}

describe('the admin example', () => {
  it('grants the developer its signing permission on the release profile', async () => {
    const adminCfn = new CloudFormationClient({ ...cloudClientConfig(f.cloud.endpoint), maxAttempts: 1 });
    const template = await readFile(new URL('../../../examples/admin/template.yaml', import.meta.url), 'utf8');
    try {
      await adminCfn.send(new CreateStackCommand({ StackName: 'toolkit-admin', TemplateBody: template }));
      expect((await settled('toolkit-admin')).StackStatus).toBe('CREATE_COMPLETE');
    } finally {
      adminCfn.destroy();
    }
    const devSigner = new SignerClient({
      ...cloudClientConfig(f.cloud.endpoint),
      credentials: f.cloud.credentials('developer'),
      maxAttempts: 1,
    });
    try {
      const listed = await devSigner.send(new ListProfilePermissionsCommand({ profileName: 'ReleaseSigning' }));
      expect(listed.permissions).toEqual([
        { action: 'signer:StartSigningJob', principal: DEVELOPER, statementId: 'developer-signs' },
      ]);
      const put = await f.s3.send(
        new PutObjectCommand({ Bucket: 'signing-artifacts', Key: 'release.zip', Body: handlerZip('release') }),
      );
      const started = await devSigner.send(
        new StartSigningJobCommand({
          profileName: 'ReleaseSigning',
          source: { s3: { bucketName: 'signing-artifacts', key: 'release.zip', version: put.VersionId } },
          destination: { s3: { bucketName: 'signing-artifacts', prefix: 'signed/' } },
        }),
      );
      expect(started.jobId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      devSigner.destroy();
    }
  });

  it('states the policy the developer identity holds', async () => {
    const stated = await readFile(new URL('../../../examples/admin/developer-policy.json', import.meta.url), 'utf8');
    expect(JSON.parse(stated)).toEqual(DEVELOPER_POLICY);
  });
});

describe('CloudFormation acts as its caller', () => {
  it("deploys the developer's signed function under the admin's configuration", async () => {
    await devCfn.send(new CreateStackCommand({ StackName: 'app', TemplateBody: functionTemplate(true) }));
    expect((await settled('app')).StackStatus).toBe('CREATE_COMPLETE');
  });

  it('refuses, through the stack, to detach the configuration the developer may not detach', async () => {
    await devCfn.send(new UpdateStackCommand({ StackName: 'app', TemplateBody: functionTemplate(false) }));
    expect((await settled('app')).StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect((await failureReasons('app')).join('\n')).toContain(
      `User: ${DEVELOPER} is not authorized to perform: lambda:DeleteFunctionCodeSigningConfig on resource: arn:aws:lambda:us-east-1:000000000000:function:stack-fn with an explicit deny in an identity-based policy`,
    );
    const attached = await adminLambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'stack-fn' }));
    expect(attached.CodeSigningConfigArn).toBe(cscArn);
  });

  it('refuses a stack that creates a code signing configuration for the developer', async () => {
    const template = JSON.stringify({
      Resources: {
        Csc: {
          Type: 'AWS::Lambda::CodeSigningConfig',
          Properties: {
            AllowedPublishers: {
              SigningProfileVersionArns: ['arn:aws:signer:us-east-1:000000000000:/signing-profiles/Other/abc'],
            },
          },
        },
      },
    });
    await devCfn.send(new CreateStackCommand({ StackName: 'rogue-config', TemplateBody: template }));
    expect((await settled('rogue-config')).StackStatus).toBe('ROLLBACK_COMPLETE');
    expect((await failureReasons('rogue-config')).join('\n')).toContain('lambda:CreateCodeSigningConfig');
  });
});
