import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListExportsCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionCodeSigningConfigCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeSigningJobCommand, StartSigningJobCommand } from '@aws-sdk/client-signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTrail, startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

const ADMIN_TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Description: signing profile and code signing config owned by admins
Resources:
  Profile:
    Type: AWS::Signer::SigningProfile
    Properties:
      PlatformId: AWSLambda-SHA384-ECDSA
      SignatureValidityPeriod: { Value: 12, Type: MONTHS }
  Csc:
    Type: AWS::Lambda::CodeSigningConfig
    Properties:
      Description: enforce signed code
      AllowedPublishers:
        SigningProfileVersionArns: [!GetAtt Profile.ProfileVersionArn]
      CodeSigningPolicies:
        UntrustedArtifactOnDeployment: Enforce
Outputs:
  ProfileName:
    Value: !GetAtt Profile.ProfileName
  CscArn:
    Value: !Ref Csc
    Export:
      Name: !Sub '\${AWS::StackName}-csc'
`;

function appTemplate(bucket: string, key: string, version: string | undefined): string {
  return JSON.stringify({
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'signed-app-fn',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          CodeSigningConfigArn: { 'Fn::ImportValue': 'admin-csc' },
          Code: { S3Bucket: bucket, S3Key: key, S3ObjectVersion: version },
        },
      },
    },
  });
}

describe('CloudFormation rollback with code signing', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  /** Signs `code/<marker>.zip` with a real Signer job; resolves the signed object's key and version. */
  async function sign(profileName: string, marker: string): Promise<{ key: string; version: string | undefined }> {
    const source = await f.uploadCode(marker);
    const started = await f.signer.send(
      new StartSigningJobCommand({
        profileName,
        source: { s3: { bucketName: f.artifactBucket, key: source.key, version: source.versionId } },
        destination: { s3: { bucketName: f.artifactBucket, prefix: 'signed/' } },
      }),
    );
    for (;;) {
      const job = await f.signer.send(new DescribeSigningJobCommand({ jobId: started.jobId }));
      if (job.status === 'Succeeded') {
        const key = job.signedObject?.s3?.key ?? '';
        return { key, version: undefined };
      }
      if (job.status === 'Failed') throw new Error(`signing failed: ${job.statusReason}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('deploys signed code, rolls back an update with unsigned code, and keeps the old code', async () => {
    await f.cfn.send(new CreateStackCommand({ StackName: 'admin', TemplateBody: ADMIN_TEMPLATE }));
    const admin = await f.waitForStack('admin');
    expect(admin.StackStatus).toBe('CREATE_COMPLETE');
    expect(admin.Description).toBe('signing profile and code signing config owned by admins');
    const outputs = Object.fromEntries((admin.Outputs ?? []).map((o) => [o.OutputKey, o]));
    const profileName = outputs.ProfileName?.OutputValue ?? '';
    expect(profileName).toMatch(/^admin_Profile_[A-Z0-9]{12}$/);
    expect(outputs.CscArn).toMatchObject({ ExportName: 'admin-csc' });
    expect(outputs.CscArn?.OutputValue).toMatch(
      /^arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-[a-z0-9]{17}$/,
    );
    const exports = await f.cfn.send(new ListExportsCommand({}));
    expect(exports.Exports).toEqual([
      { ExportingStackId: admin.StackId, Name: 'admin-csc', Value: outputs.CscArn?.OutputValue },
    ]);

    const signed = await sign(profileName, 'signed-v1');
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'app',
        TemplateBody: appTemplate(f.artifactBucket, signed.key, signed.version),
      }),
    );
    expect((await f.waitForStack('app')).StackStatus).toBe('CREATE_COMPLETE');
    const before = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'signed-app-fn' }));
    const csc = await f.lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'signed-app-fn' }));
    expect(csc.CodeSigningConfigArn).toBe(outputs.CscArn?.OutputValue);

    const unsigned = await f.uploadCode('unsigned-v2');
    const eventsBefore = (await f.events('app')).length;
    await f.cfn.send(
      new UpdateStackCommand({
        StackName: 'app',
        TemplateBody: appTemplate(f.artifactBucket, unsigned.key, unsigned.versionId),
      }),
    );
    const rolledBack = await f.waitForStack('app');
    expect(rolledBack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const events = (await f.events('app')).slice(eventsBefore);
    expect(eventTrail(events)).toEqual([
      'app UPDATE_IN_PROGRESS',
      'Fn UPDATE_IN_PROGRESS',
      'Fn UPDATE_FAILED',
      'app UPDATE_ROLLBACK_IN_PROGRESS',
      'Fn UPDATE_IN_PROGRESS',
      'Fn UPDATE_COMPLETE',
      'app UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'app UPDATE_ROLLBACK_COMPLETE',
    ]);
    const failed = events.find((e) => e.ResourceStatus === 'UPDATE_FAILED');
    expect(failed?.ResourceStatusReason).toMatch(
      /^Resource handler returned message: "Lambda cannot deploy the function\. The function or layer might be signed using a signature that the client is not configured to accept\. Check the provided signature for arn:aws:lambda:us-east-1:000000000000:function:signed-app-fn\. \(Service: Lambda, Status Code: 400, Request ID: [^)]+\)" \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: InvalidRequest\)$/,
    );
    expect(events.find((e) => e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS')?.ResourceStatusReason).toBe(
      'The following resource(s) failed to update: [Fn]. ',
    );
    const after = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'signed-app-fn' }));
    expect(after.Configuration?.CodeSha256).toBe(before.Configuration?.CodeSha256);

    // The admin stack cannot go while the app imports its export.
    await f.cfn.send(new DeleteStackCommand({ StackName: 'admin' }));
    const refused = await f.waitForStack('admin');
    expect(refused).toMatchObject({
      StackStatus: 'DELETE_FAILED',
      StackStatusReason: 'Export admin-csc cannot be deleted as it is in use by app',
    });
    await f.cfn.send(new DeleteStackCommand({ StackName: 'app' }));
    expect(
      (
        await f.waitForStack(
          (await f.cfn.send(new DescribeStacksCommand({ StackName: 'app' }))).Stacks?.[0]?.StackId ?? '',
        )
      ).StackStatus,
    ).toBe('DELETE_COMPLETE');
    await f.cfn.send(new DeleteStackCommand({ StackName: 'admin' }));
    expect((await f.waitForStack(admin.StackId ?? '')).StackStatus).toBe('DELETE_COMPLETE');
  });

  it('rolls back a failed create: the failing function and everything created are gone', async () => {
    const unsigned = await f.uploadCode('unsigned-create');
    const template = {
      Resources: {
        Store: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'rollback-store' } },
        Csc: {
          Type: 'AWS::Lambda::CodeSigningConfig',
          Properties: {
            AllowedPublishers: {
              SigningProfileVersionArns: ['arn:aws:signer:us-east-1:000000000000:/signing-profiles/Nobody/ABCDEFGHIJ'],
            },
            CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
          },
        },
        Fn: {
          Type: 'AWS::Lambda::Function',
          DependsOn: 'Store',
          Properties: {
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: ROLE,
            CodeSigningConfigArn: { Ref: 'Csc' },
            Code: { S3Bucket: f.artifactBucket, S3Key: unsigned.key },
          },
        },
      },
    };
    const created = await f.cfn.send(
      new CreateStackCommand({ StackName: 'broken', TemplateBody: JSON.stringify(template) }),
    );
    const stack = await f.waitForStack('broken');
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = await f.events('broken');
    const rollback = events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS');
    expect(rollback?.ResourceStatusReason).toBe(
      'The following resource(s) failed to create: [Fn]. Rollback requested by user.',
    );
    const trail = eventTrail(events);
    expect(trail).toContain('Fn CREATE_FAILED');
    expect(trail).toContain('Store DELETE_COMPLETE');
    expect(trail).toContain('Csc DELETE_COMPLETE');
    expect(trail.at(-1)).toBe('broken ROLLBACK_COMPLETE');
    expect((await sdkError(f.s3.send(new HeadBucketCommand({ Bucket: 'rollback-store' })))).status).toBe(404);
    // A ROLLBACK_COMPLETE stack can only be deleted.
    expect(
      await sdkError(
        f.cfn.send(new UpdateStackCommand({ StackName: 'broken', TemplateBody: JSON.stringify(template) })),
      ),
    ).toMatchObject({
      name: 'ValidationError',
      message: `Stack:${created.StackId} is in ROLLBACK_COMPLETE state and can not be updated.`,
    });
    await f.cfn.send(new DeleteStackCommand({ StackName: 'broken' }));
    expect((await f.waitForStack(created.StackId ?? '')).StackStatus).toBe('DELETE_COMPLETE');
  });

  it('keeps a failed create as it is with DisableRollback', async () => {
    const template = {
      Resources: {
        Store: { Type: 'AWS::S3::Bucket' },
        Fn: {
          Type: 'AWS::Lambda::Function',
          DependsOn: 'Store',
          Properties: {
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: ROLE,
            Code: { S3Bucket: f.artifactBucket, S3Key: 'missing.zip' },
          },
        },
      },
    };
    await f.cfn.send(
      new CreateStackCommand({ StackName: 'kept', TemplateBody: JSON.stringify(template), DisableRollback: true }),
    );
    const stack = await f.waitForStack('kept');
    expect(stack).toMatchObject({
      StackStatus: 'CREATE_FAILED',
      StackStatusReason: 'The following resource(s) failed to create: [Fn]. ',
    });
    const store = (await f.events('kept')).find(
      (e) => e.LogicalResourceId === 'Store' && e.ResourceStatus === 'CREATE_COMPLETE',
    );
    expect(store?.PhysicalResourceId).toMatch(/^kept-store-/);
    await f.cfn.send(new DeleteStackCommand({ StackName: 'kept' }));
    expect((await f.waitForStack(stack.StackId ?? '')).StackStatus).toBe('DELETE_COMPLETE');
  });
});
