import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

describe('CloudFormation with the SAM transform and nested stacks', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('deploys a SAM template through a change set with CAPABILITY_IAM only', async () => {
    const code = await f.uploadCode('sam-v1');
    const template = `
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    MemorySize: 256
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      CodeUri: s3://${f.artifactBucket}/${code.key}
      Events:
        Get:
          Type: Api
          Properties: { Path: /hello, Method: get }
Outputs:
  HelloArn:
    Value: !GetAtt Hello.Arn
`;
    const cs = await f.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'sam-app',
        ChangeSetName: 'sam-1',
        ChangeSetType: 'CREATE',
        TemplateBody: template,
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    const described = await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: cs.Id }));
    expect(described.Status).toBe('CREATE_COMPLETE');
    expect(
      described.Changes?.map((c) => `${c.ResourceChange?.ResourceType} ${c.ResourceChange?.LogicalResourceId}`).sort(),
    ).toEqual([
      'AWS::ApiGateway::Deployment ServerlessRestApiDeployment9bbe988acc',
      'AWS::ApiGateway::RestApi ServerlessRestApi',
      'AWS::ApiGateway::Stage ServerlessRestApiProdStage',
      'AWS::IAM::Role HelloRole',
      'AWS::Lambda::Function Hello',
      'AWS::Lambda::Permission HelloGetPermissionProd',
    ]);
    await f.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.Id }));
    const stack = await f.waitForStack('sam-app');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const arn = stack.Outputs?.[0]?.OutputValue ?? '';
    const fn = await f.lambda.send(new GetFunctionCommand({ FunctionName: arn }));
    expect(fn.Configuration).toMatchObject({ Runtime: 'nodejs20.x', MemorySize: 256, Handler: 'index.handler' });
    expect(fn.Configuration?.Role).toMatch(/^arn:aws:iam::000000000000:role\/sam-app-HelloRole-[A-Z0-9]{12}$/);

    const original = await f.cfn.send(new GetTemplateCommand({ StackName: 'sam-app' }));
    expect(original.TemplateBody).toBe(template);
    const processed = await f.cfn.send(new GetTemplateCommand({ StackName: 'sam-app', TemplateStage: 'Processed' }));
    const resources = JSON.parse(processed.TemplateBody ?? '{}').Resources as Record<string, { Type: string }>;
    expect(resources.Hello?.Type).toBe('AWS::Lambda::Function');
    // The generated API is recorded, and served as API routes.
    const routed = (await f.events('sam-app')).filter((e) =>
      e.ResourceStatusReason?.startsWith("Served by the local cloud's API routes"),
    );
    expect([...new Set(routed.map((e) => e.ResourceType))].sort()).toEqual([
      'AWS::ApiGateway::Deployment',
      'AWS::ApiGateway::RestApi',
      'AWS::ApiGateway::Stage',
    ]);
  });

  it('deploys the resources the transform generates for function events', async () => {
    const code = await f.uploadCode('sam-events');
    const template = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Skill:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: s3://${f.artifactBucket}/${code.key}
      Events:
        Alexa:
          Type: AlexaSkill
          Properties: { SkillId: amzn1.ask.skill.42 }
`;
    const cs = await f.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'sam-events',
        ChangeSetName: 'events-1',
        ChangeSetType: 'CREATE',
        TemplateBody: template,
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    const described = await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: cs.Id }));
    expect(
      described.Changes?.map((c) => `${c.ResourceChange?.ResourceType} ${c.ResourceChange?.LogicalResourceId}`).sort(),
    ).toEqual([
      'AWS::IAM::Role SkillRole',
      'AWS::Lambda::Function Skill',
      'AWS::Lambda::Permission SkillAlexaPermission',
    ]);
    await f.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.Id }));
    expect((await f.waitForStack('sam-events')).StackStatus).toBe('CREATE_COMPLETE');
    const skill = await f.cfn.send(
      new DescribeStackResourceCommand({ StackName: 'sam-events', LogicalResourceId: 'Skill' }),
    );
    const policy = await f.lambda.send(
      new GetPolicyCommand({ FunctionName: skill.StackResourceDetail?.PhysicalResourceId }),
    );
    const statements = JSON.parse(policy.Policy ?? '{}').Statement as Array<Record<string, unknown>>;
    expect(statements.map((s) => [s['Principal'], s['Condition']])).toEqual([
      [{ Service: 'alexa-appkit.amazon.com' }, { StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.skill.42' } }],
    ]);
    const notEmulated = (await f.events('sam-events')).filter((e) =>
      e.ResourceStatusReason?.startsWith('Not emulated by the local cloud'),
    );
    expect(notEmulated).toEqual([]);
  });

  it('creates, updates and deletes a nested stack from a TemplateURL', async () => {
    await f.upload(
      'templates/child.yaml',
      `
Parameters:
  Prefix: { Type: String }
Resources:
  Store:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${Prefix}-nested-store'
Outputs:
  BucketName:
    Value: !Ref Store
`,
    );
    const parent = (prefix: string) =>
      JSON.stringify({
        Resources: {
          Child: {
            Type: 'AWS::CloudFormation::Stack',
            Properties: {
              TemplateURL: `https://s3.us-east-1.amazonaws.com/${f.artifactBucket}/templates/child.yaml`,
              Parameters: { Prefix: prefix },
            },
          },
        },
        Outputs: {
          ChildBucket: { Value: { 'Fn::GetAtt': ['Child', 'Outputs.BucketName'] } },
          ChildId: { Value: { Ref: 'Child' } },
        },
      });
    await f.cfn.send(new CreateStackCommand({ StackName: 'parent', TemplateBody: parent('one') }));
    const created = await f.waitForStack('parent');
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries((created.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.ChildBucket).toBe('one-nested-store');
    expect(outputs.ChildId).toMatch(
      /^arn:aws:cloudformation:us-east-1:000000000000:stack\/parent-Child-[A-Z0-9]{12}\/[0-9a-f-]{36}$/,
    );
    const child = (await f.cfn.send(new DescribeStacksCommand({ StackName: outputs.ChildId }))).Stacks?.[0];
    expect(child).toMatchObject({ StackStatus: 'CREATE_COMPLETE', ParentId: created.StackId, RootId: created.StackId });

    await f.cfn.send(new UpdateStackCommand({ StackName: 'parent', TemplateBody: parent('two') }));
    const updated = await f.waitForStack('parent');
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    expect(updated.Outputs?.find((o) => o.OutputKey === 'ChildBucket')?.OutputValue).toBe('two-nested-store');
    expect((await sdkError(f.s3.send(new HeadBucketCommand({ Bucket: 'one-nested-store' })))).status).toBe(404);
    const childAfter = (await f.cfn.send(new DescribeStacksCommand({ StackName: outputs.ChildId }))).Stacks?.[0];
    expect(childAfter?.StackStatus).toBe('UPDATE_COMPLETE');

    await f.cfn.send(new DeleteStackCommand({ StackName: 'parent' }));
    expect((await f.waitForStack(created.StackId ?? '')).StackStatus).toBe('DELETE_COMPLETE');
    const listed = await f.cfn.send(new ListStacksCommand({}));
    expect(listed.StackSummaries?.find((s) => s.StackId === outputs.ChildId)?.StackStatus).toBe('DELETE_COMPLETE');
    expect((await sdkError(f.s3.send(new HeadBucketCommand({ Bucket: 'two-nested-store' })))).status).toBe(404);
  });
});
