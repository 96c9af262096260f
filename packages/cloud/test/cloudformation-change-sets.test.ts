import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  UpdateStackCommand,
  type Change,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTrail, startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

function fn(code: { key: string; versionId: string | undefined }, bucket: string, extra: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { S3Bucket: bucket, S3Key: code.key, S3ObjectVersion: code.versionId },
      ...extra,
    },
  };
}

function summary(changes: Change[] | undefined): string[] {
  return (changes ?? [])
    .map(
      (c) =>
        `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId} ${c.ResourceChange?.Replacement ?? '-'}`,
    )
    .sort();
}

describe('CloudFormation change sets', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('creates a stack through a CREATE change set, updates one function, removes a resource', async () => {
    const v1 = await f.uploadCode('cs-v1');
    const template1 = {
      Resources: {
        First: fn(v1, f.artifactBucket),
        Second: fn(v1, f.artifactBucket),
        Store: { Type: 'AWS::S3::Bucket' },
      },
    };
    const created = await f.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'cs',
        ChangeSetName: 'initial',
        ChangeSetType: 'CREATE',
        TemplateBody: JSON.stringify(template1),
      }),
    );
    expect(created.Id).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:changeSet\/initial\/[0-9a-f-]{36}$/);
    const review = await f.waitForStack('cs');
    expect(review.StackStatus).toBe('REVIEW_IN_PROGRESS');
    const described = await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: 'initial', StackName: 'cs' }));
    expect(described).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    expect(summary(described.Changes)).toEqual(['Add First -', 'Add Second -', 'Add Store -']);
    expect(
      (await f.cfn.send(new ListChangeSetsCommand({ StackName: 'cs' }))).Summaries?.map((s) => s.ChangeSetName),
    ).toEqual(['initial']);

    await f.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
    expect((await f.waitForStack('cs')).StackStatus).toBe('CREATE_COMPLETE');
    const executed = await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    expect(executed.ExecutionStatus).toBe('EXECUTE_COMPLETE');
    const firstName = (
      await f.cfn.send(new DescribeStackResourceCommand({ StackName: 'cs', LogicalResourceId: 'First' }))
    ).StackResourceDetail?.PhysicalResourceId;
    const secondName = (
      await f.cfn.send(new DescribeStackResourceCommand({ StackName: 'cs', LogicalResourceId: 'Second' }))
    ).StackResourceDetail?.PhysicalResourceId;
    const firstBefore = await f.lambda.send(new GetFunctionCommand({ FunctionName: firstName }));
    const secondBefore = await f.lambda.send(new GetFunctionCommand({ FunctionName: secondName }));

    // Same template again: nothing to change.
    const empty = await f.cfn.send(
      new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'same', TemplateBody: JSON.stringify(template1) }),
    );
    const emptyDescribed = await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: empty.Id }));
    expect(emptyDescribed).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    expect(
      await sdkError(f.cfn.send(new UpdateStackCommand({ StackName: 'cs', TemplateBody: JSON.stringify(template1) }))),
    ).toMatchObject({
      name: 'ValidationError',
      message: 'No updates are to be performed.',
    });
    await f.cfn.send(new DeleteChangeSetCommand({ ChangeSetName: 'same', StackName: 'cs' }));
    expect(
      await sdkError(f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: 'same', StackName: 'cs' }))),
    ).toMatchObject({
      name: 'ChangeSetNotFoundException',
      status: 404,
    });

    // New code for one function only: one resource changes, in place.
    const v2 = await f.uploadCode('cs-v2');
    const template2 = { Resources: { ...template1.Resources, First: fn(v2, f.artifactBucket) } };
    const update = await f.cfn.send(
      new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'code', TemplateBody: JSON.stringify(template2) }),
    );
    const updateDescribed = await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: update.Id }));
    expect(summary(updateDescribed.Changes)).toEqual(['Modify First False']);
    const change = updateDescribed.Changes?.[0]?.ResourceChange;
    expect(change).toMatchObject({
      PhysicalResourceId: firstName,
      ResourceType: 'AWS::Lambda::Function',
      Scope: ['Properties'],
    });
    expect(change?.Details).toEqual([
      {
        Target: { Attribute: 'Properties', Name: 'Code', RequiresRecreation: 'Never' },
        Evaluation: 'Static',
        ChangeSource: 'DirectModification',
      },
    ]);
    const eventsBefore = (await f.events('cs')).length;
    await f.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: 'code', StackName: 'cs' }));
    expect((await f.waitForStack('cs')).StackStatus).toBe('UPDATE_COMPLETE');
    const updateTrail = eventTrail((await f.events('cs')).slice(eventsBefore));
    expect(updateTrail).toEqual([
      'cs UPDATE_IN_PROGRESS',
      'First UPDATE_IN_PROGRESS',
      'First UPDATE_COMPLETE',
      'cs UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'cs UPDATE_COMPLETE',
    ]);
    const firstAfter = await f.lambda.send(new GetFunctionCommand({ FunctionName: firstName }));
    const secondAfter = await f.lambda.send(new GetFunctionCommand({ FunctionName: secondName }));
    expect(firstAfter.Configuration?.CodeSha256).not.toBe(firstBefore.Configuration?.CodeSha256);
    expect(secondAfter.Configuration).toEqual(secondBefore.Configuration);

    // Renaming a function replaces it; dropping the bucket removes it.
    const template3 = {
      Resources: {
        First: fn(v2, f.artifactBucket, { FunctionName: 'cs-renamed' }),
        Second: template1.Resources.Second,
      },
    };
    const rename = await f.cfn.send(
      new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'rename', TemplateBody: JSON.stringify(template3) }),
    );
    const renameDescribed = await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: rename.Id }));
    expect(summary(renameDescribed.Changes)).toEqual(['Modify First True', 'Remove Store -']);
    await f.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: rename.Id }));
    expect((await f.waitForStack('cs')).StackStatus).toBe('UPDATE_COMPLETE');
    const renamed = await f.cfn.send(new DescribeStackResourceCommand({ StackName: 'cs', LogicalResourceId: 'First' }));
    expect(renamed.StackResourceDetail?.PhysicalResourceId).toBe('cs-renamed');
    expect((await sdkError(f.lambda.send(new GetFunctionCommand({ FunctionName: firstName })))).status).toBe(404);
    const trail = eventTrail(await f.events('cs'));
    expect(trail).toContain('Store DELETE_COMPLETE');
    expect(trail.filter((line) => line === 'First DELETE_COMPLETE')).toHaveLength(1);
  });

  it('refuses a capability outside the enum with ValidationError and creates no stack under review', async () => {
    const error = await sdkError(
      f.cfn.send(
        new CreateChangeSetCommand({
          StackName: 'bad-capability',
          ChangeSetName: 'first',
          ChangeSetType: 'CREATE',
          TemplateBody: JSON.stringify({ Resources: { Store: { Type: 'AWS::S3::Bucket' } } }),
          Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_IAMM' as never],
        }),
      ),
    );
    expect(error).toMatchObject({
      name: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value '[CAPABILITY_IAM, CAPABILITY_IAMM]' at 'capabilities' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must satisfy enum value set: [CAPABILITY_AUTO_EXPAND, CAPABILITY_NAMED_IAM, CAPABILITY_IAM]]',
    });
    expect((await sdkError(f.cfn.send(new DescribeStacksCommand({ StackName: 'bad-capability' })))).message).toBe(
      'Stack with id bad-capability does not exist',
    );
  });
});
