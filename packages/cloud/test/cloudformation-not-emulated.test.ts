import { createRequire } from 'node:module';
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackResourcesCommand,
  UpdateStackCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTrail, startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

const REGION_ACCOUNT = 'us-east-1:000000000000';
const NOT_EMULATED = 'Not emulated by the local cloud: recorded with the identifiers AWS would give it';
const specModule = /aws-service-spec[\\/]lib[\\/]index\.js$/;

function outputsOf(stack: Stack): Record<string, string> {
  return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}

function specLoaded(): boolean {
  return Object.keys(createRequire(import.meta.url).cache).some((path) => specModule.test(path));
}

describe('CloudFormation resources the local cloud does not run', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('loads the resource specification only when a template names a type without a real provider', async () => {
    expect(specLoaded()).toBe(false);
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'only-real',
        TemplateBody: JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }),
      }),
    );
    expect((await f.waitForStack('only-real')).StackStatus).toBe('CREATE_COMPLETE');
    expect(specLoaded()).toBe(false);
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'lazy',
        TemplateBody: JSON.stringify({ Resources: { T: { Type: 'AWS::SNS::Topic' } } }),
      }),
    );
    expect((await f.waitForStack('lazy')).StackStatus).toBe('CREATE_COMPLETE');
    expect(specLoaded()).toBe(true);
  });

  it('answers Ref and every GetAtt attribute with values of the real form, also in function environments', async () => {
    const code = await f.uploadCode('env');
    const template = {
      Resources: {
        Orders: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            BillingMode: 'PAY_PER_REQUEST',
            StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
          },
        },
        Jobs: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs', VisibilityTimeout: 30 } },
        Alerts: { Type: 'AWS::SNS::Topic' },
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
        Group: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { GroupDescription: 'd', VpcId: 'vpc-0123456789abcdef0' },
        },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } },
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: 'arn:aws:iam::000000000000:role/r',
            Code: { S3Bucket: f.artifactBucket, S3Key: code.key },
            Environment: { Variables: { TABLE: { Ref: 'Orders' }, QUEUE_ARN: { 'Fn::GetAtt': ['Jobs', 'Arn'] } } },
          },
        },
      },
      Outputs: {
        TableRef: { Value: { Ref: 'Orders' } },
        TableArn: { Value: { 'Fn::GetAtt': ['Orders', 'Arn'] } },
        TableStreamArn: { Value: { 'Fn::GetAtt': ['Orders', 'StreamArn'] } },
        QueueRef: { Value: { Ref: 'Jobs' } },
        QueueArn: { Value: { 'Fn::GetAtt': ['Jobs', 'Arn'] } },
        QueueName: { Value: { 'Fn::GetAtt': ['Jobs', 'QueueName'] } },
        QueueUrl: { Value: { 'Fn::GetAtt': ['Jobs', 'QueueUrl'] } },
        TopicRef: { Value: { Ref: 'Alerts' } },
        TopicArn: { Value: { 'Fn::GetAtt': ['Alerts', 'TopicArn'] } },
        TopicName: { Value: { 'Fn::GetAtt': ['Alerts', 'TopicName'] } },
        ApiRef: { Value: { Ref: 'Api' } },
        ApiId: { Value: { 'Fn::GetAtt': ['Api', 'RestApiId'] } },
        ApiRoot: { Value: { 'Fn::GetAtt': ['Api', 'RootResourceId'] } },
        GroupRef: { Value: { Ref: 'Group' } },
        GroupId: { Value: { 'Fn::GetAtt': ['Group', 'GroupId'] } },
        GroupVpc: { Value: { 'Fn::GetAtt': ['Group', 'VpcId'] } },
        LogsRef: { Value: { Ref: 'Logs' } },
        LogsArn: { Value: { 'Fn::GetAtt': ['Logs', 'Arn'] } },
      },
    };
    await f.cfn.send(new CreateStackCommand({ StackName: 'shapes', TemplateBody: JSON.stringify(template) }));
    const stack = await f.waitForStack('shapes');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const o = outputsOf(stack);
    expect(o.TableRef).toMatch(/^shapes-Orders-[A-Z0-9]{12}$/);
    expect(o.TableArn).toBe(`arn:aws:dynamodb:${REGION_ACCOUNT}:table/${o.TableRef}`);
    expect(o.TableStreamArn?.startsWith(`${o.TableArn}/stream/`)).toBe(true);
    expect(o.QueueRef).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/jobs');
    expect(o.QueueUrl).toBe(o.QueueRef);
    expect(o.QueueArn).toBe(`arn:aws:sqs:${REGION_ACCOUNT}:jobs`);
    expect(o.QueueName).toBe('jobs');
    expect(o.TopicName).toMatch(/^shapes-Alerts-[A-Z0-9]{12}$/);
    expect(o.TopicArn).toBe(`arn:aws:sns:${REGION_ACCOUNT}:${o.TopicName}`);
    expect(o.TopicRef).toBe(o.TopicArn);
    expect(o.ApiRef).toMatch(/^[a-z0-9]{10}$/);
    expect(o.ApiId).toBe(o.ApiRef);
    expect(o.ApiRoot).toMatch(/^[a-z0-9]{10}$/);
    expect(o.ApiRoot).not.toBe(o.ApiRef);
    expect(o.GroupRef).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(o.GroupId).toBe(o.GroupRef);
    expect(o.GroupVpc).toBe('vpc-0123456789abcdef0');
    expect(o.LogsRef).toMatch(/^shapes-Logs-[A-Z0-9]{12}$/);
    expect(o.LogsArn).toBe(`arn:aws:logs:${REGION_ACCOUNT}:log-group:${o.LogsRef}`);

    const { StackResources } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'shapes' }));
    const byId = new Map((StackResources ?? []).map((r) => [r.LogicalResourceId, r]));
    expect(byId.get('Orders')).toMatchObject({ PhysicalResourceId: o.TableRef, ResourceStatusReason: NOT_EMULATED });
    expect(byId.get('Fn')?.ResourceStatusReason).toBeUndefined();
    const fn = await f.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: byId.get('Fn')?.PhysicalResourceId ?? '' }),
    );
    expect(fn.Environment?.Variables).toEqual({ TABLE: o.TableRef, QUEUE_ARN: o.QueueArn });
  });

  it('updates in place, replaces on a create-only change, and honours DeletionPolicy Retain', async () => {
    const template = (queueName: string, timeout: number) =>
      JSON.stringify({
        Resources: {
          Jobs: { Type: 'AWS::SQS::Queue', Properties: { QueueName: queueName, VisibilityTimeout: timeout } },
          Kept: { Type: 'AWS::SNS::Topic', DeletionPolicy: 'Retain', Properties: { TopicName: 'kept' } },
        },
        Outputs: { Url: { Value: { Ref: 'Jobs' } } },
      });
    await f.cfn.send(new CreateStackCommand({ StackName: 'changes', TemplateBody: template('first', 30) }));
    expect(outputsOf(await f.waitForStack('changes')).Url).toMatch(/\/first$/);

    await f.cfn.send(new UpdateStackCommand({ StackName: 'changes', TemplateBody: template('first', 60) }));
    const inPlace = await f.waitForStack('changes');
    expect(inPlace.StackStatus).toBe('UPDATE_COMPLETE');
    expect(outputsOf(inPlace).Url).toMatch(/\/first$/);

    await f.cfn.send(new UpdateStackCommand({ StackName: 'changes', TemplateBody: template('second', 60) }));
    const replaced = await f.waitForStack('changes');
    expect(replaced.StackStatus).toBe('UPDATE_COMPLETE');
    expect(outputsOf(replaced).Url).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/second');
    const events = await f.events('changes');
    expect(
      events.some(
        (e) =>
          e.LogicalResourceId === 'Jobs' &&
          e.ResourceStatusReason ===
            'Requested update requires the creation of a new physical resource; hence creating one.',
      ),
    ).toBe(true);
    expect(
      events.some(
        (e) =>
          e.LogicalResourceId === 'Jobs' &&
          e.ResourceStatus === 'DELETE_COMPLETE' &&
          e.PhysicalResourceId === 'https://sqs.us-east-1.amazonaws.com/000000000000/first',
      ),
    ).toBe(true);

    await f.cfn.send(new DeleteStackCommand({ StackName: 'changes' }));
    await f.waitForStack(replaced.StackId ?? '');
    expect(eventTrail(await f.events(replaced.StackId ?? ''))).toContain('Kept DELETE_SKIPPED');
  });

  it('checks properties against the type schema before anything is created, at the exact path', async () => {
    const table = (properties: Record<string, unknown>) =>
      JSON.stringify({ Resources: { Orders: { Type: 'AWS::DynamoDB::Table', Properties: properties } } });
    const keys = {
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ AttributeDefinitions: keys.AttributeDefinitions }, '#: required key [KeySchema] not found'],
      [{ ...keys, Foo: 1 }, '#: extraneous key [Foo] is not permitted'],
      [{ ...keys, TableName: ['a'] }, '#/TableName: expected type: String, found: JSONArray'],
      [
        { ...keys, DeletionProtectionEnabled: 'maybe' },
        '#/DeletionProtectionEnabled: expected type: Boolean, found: String',
      ],
      [
        { ...keys, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S', Extra: 'x' }] },
        '#/AttributeDefinitions/0: extraneous key [Extra] is not permitted',
      ],
      [
        { ...keys, ProvisionedThroughput: { ReadCapacityUnits: 'many', WriteCapacityUnits: 1 } },
        '#/ProvisionedThroughput/ReadCapacityUnits: expected type: Integer, found: String',
      ],
      [
        { ...keys, KinesisStreamSpecification: { StreamArn: 'arn', ApproximateCreationDateTimePrecision: 'HOUR' } },
        '#/KinesisStreamSpecification/ApproximateCreationDateTimePrecision: HOUR is not a valid enum value',
      ],
    ];
    for (const [properties, message] of cases) {
      expect(
        await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'invalid', TemplateBody: table(properties) }))),
      ).toMatchObject({
        name: 'ValidationError',
        message: `Properties validation failed for resource Orders with message: ${message}`,
      });
    }
    const logs = JSON.stringify({
      Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 8 } } },
    });
    expect(
      await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'invalid', TemplateBody: logs }))),
    ).toMatchObject({
      message:
        'Properties validation failed for resource L with message: #/RetentionInDays: 8 is not a valid enum value',
    });

    const changeSet = await f.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'invalid',
        ChangeSetName: 'cs',
        ChangeSetType: 'CREATE',
        TemplateBody: table({ AttributeDefinitions: keys.AttributeDefinitions }),
      }),
    );
    expect(await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: changeSet.Id }))).toMatchObject({
      Status: 'FAILED',
      StatusReason:
        'Properties validation failed for resource Orders with message: #: required key [KeySchema] not found',
    });
  });

  it('records custom resources of another account as not run, saying so, and still refuses unknown types', async () => {
    const template = {
      Resources: {
        Seed: {
          Type: 'Custom::Seed',
          Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:f' },
        },
      },
    };
    await f.cfn.send(new CreateStackCommand({ StackName: 'custom', TemplateBody: JSON.stringify(template) }));
    expect((await f.waitForStack('custom')).StackStatus).toBe('CREATE_COMPLETE');
    const { StackResources } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'custom' }));
    expect(StackResources?.[0]?.ResourceStatusReason).toMatch(
      /^Not emulated by the local cloud: the ServiceToken .* is a function of account 111122223333/,
    );

    const unknown = JSON.stringify({
      Resources: { A: { Type: 'AWS::Nope::Thing' }, B: { Type: 'AWS::SQS::Queues' }, C: { Type: 'AWS::SQS::Queue' } },
    });
    expect(
      await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'unknown', TemplateBody: unknown }))),
    ).toMatchObject({
      name: 'ValidationError',
      message: 'Template format error: Unrecognized resource types: [AWS::Nope::Thing, AWS::SQS::Queues]',
    });
  });
});
