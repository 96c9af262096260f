import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTrail, startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

describe('CloudFormation stacks', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('creates a stack with a bucket and a function, then deletes it', async () => {
    const code = await f.uploadCode('v1');
    const template = {
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: 'arn:aws:iam::000000000000:role/lambda-role',
            MemorySize: 256,
            Code: { S3Bucket: f.artifactBucket, S3Key: code.key, S3ObjectVersion: code.versionId },
            Environment: { Variables: { BUCKET: { Ref: 'Bucket' } } },
          },
        },
      },
      Outputs: {
        FunctionArn: { Value: { 'Fn::GetAtt': ['Fn', 'Arn'] } },
        BucketName: { Value: { Ref: 'Bucket' } },
      },
    };
    const created = await f.cfn.send(
      new CreateStackCommand({ StackName: 'basic', TemplateBody: JSON.stringify(template) }),
    );
    expect(created.StackId).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:stack\/basic\/[0-9a-f-]{36}$/);
    const stack = await f.waitForStack('basic');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.BucketName).toMatch(/^basic-bucket-[a-z0-9]{12}$/);
    const functionName = outputs.FunctionArn?.split(':').pop() ?? '';
    expect(functionName).toMatch(/^basic-Fn-[A-Z0-9]{12}$/);
    const fn = await f.lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
    expect(fn.Configuration?.Environment?.Variables?.BUCKET).toBe(outputs.BucketName);
    expect(fn.Configuration?.MemorySize).toBe(256);

    const trail = eventTrail(await f.events('basic'));
    expect(trail[0]).toBe('basic CREATE_IN_PROGRESS');
    expect(trail.at(-1)).toBe('basic CREATE_COMPLETE');
    // The function references the bucket, so it starts only after the bucket completed.
    expect(trail.indexOf('Bucket CREATE_COMPLETE')).toBeLessThan(trail.indexOf('Fn CREATE_IN_PROGRESS'));

    const resources = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'basic' }));
    expect(resources.StackResources?.map((r) => [r.LogicalResourceId, r.ResourceStatus]).sort()).toEqual([
      ['Bucket', 'CREATE_COMPLETE'],
      ['Fn', 'CREATE_COMPLETE'],
    ]);
    const original = await f.cfn.send(new GetTemplateCommand({ StackName: 'basic' }));
    expect(JSON.parse(original.TemplateBody ?? '')).toEqual(template);

    await f.cfn.send(new DeleteStackCommand({ StackName: 'basic' }));
    const deleted = await f.waitForStack(created.StackId ?? '');
    expect(deleted.StackStatus).toBe('DELETE_COMPLETE');
    expect((await sdkError(f.lambda.send(new GetFunctionCommand({ FunctionName: functionName })))).status).toBe(404);
    expect((await sdkError(f.s3.send(new HeadBucketCommand({ Bucket: outputs.BucketName })))).status).toBe(404);
    const gone = await sdkError(f.cfn.send(new DescribeStacksCommand({ StackName: 'basic' })));
    expect(gone).toMatchObject({ name: 'ValidationError', message: 'Stack with id basic does not exist' });
    const listed = await f.cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
    expect(listed.StackSummaries?.map((s) => s.StackId)).toContain(created.StackId);
  });
});
