import { CreateStackCommand, DescribeStackResourceCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';

// Templates from samtranslator's translator corpus (bench/sam-output-deploy.ts) that once made
// the local cloud fail on its own account: each must deploy, or fail with CloudFormation's reason.
describe('CloudFormation templates that once failed inside the local cloud', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('creates a bucket with Tags, and changes its tags in place', async () => {
    const template = (value: string) =>
      JSON.stringify({
        Resources: {
          Images: {
            Type: 'AWS::S3::Bucket',
            Properties: { Tags: [{ Key: 'sam:ConditionalDependsOn:Permission', Value: value }] },
          },
        },
      });
    await f.cfn.send(new CreateStackCommand({ StackName: 'tagged-bucket', TemplateBody: template('no dependency') }));
    const created = await f.waitForStack('tagged-bucket');
    expect([created.StackStatus, created.StackStatusReason]).toEqual(['CREATE_COMPLETE', undefined]);
    const bucket = (
      await f.cfn.send(new DescribeStackResourceCommand({ StackName: 'tagged-bucket', LogicalResourceId: 'Images' }))
    ).StackResourceDetail?.PhysicalResourceId;
    await f.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    await f.cfn.send(new UpdateStackCommand({ StackName: 'tagged-bucket', TemplateBody: template('changed') }));
    expect((await f.waitForStack('tagged-bucket')).StackStatus).toBe('UPDATE_COMPLETE');
  });
});
