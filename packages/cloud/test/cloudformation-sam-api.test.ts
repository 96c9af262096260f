import { CreateStackCommand, DescribeStackResourcesCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';

const EXPECTED_RESOURCES = [
  'List',
  'ListGetPermissionprod',
  'ListRole',
  'Orders',
  'OrdersDeployment5682b0fae2',
  'OrdersprodStage',
];

describe('CloudFormation with a SAM Api the local cloud does not emulate', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('deploys the function and records the generated API as not-emulated CloudFormation resources', async () => {
    const code = await f.uploadCode('sam-api');
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'sam-api',
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
        TemplateBody: `
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  List:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: s3://${f.artifactBucket}/${code.key}
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref Orders, Path: /orders, Method: get }
`,
      }),
    );
    const stack = await f.waitForStack('sam-api');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    // The generated RestApi, Deployment and Stage are CloudFormation resources the local cloud records
    // and serves as API routes; the function and its permission are real.
    const resources = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'sam-api' }));
    const byId = new Map((resources.StackResources ?? []).map((r) => [r.LogicalResourceId, r]));
    expect([...byId.keys()].sort()).toEqual(EXPECTED_RESOURCES);
    expect(byId.get('Orders')?.ResourceType).toBe('AWS::ApiGateway::RestApi');
    expect(byId.get('Orders')?.ResourceStatusReason).toMatch(/^Served by the local cloud's API routes/);
    expect(byId.get('ListGetPermissionprod')?.ResourceStatusReason ?? '').not.toMatch(/Not emulated/);
    expect(byId.get('List')?.PhysicalResourceId).toMatch(/^sam-api-List-/);
    const processed = await f.cfn.send(new GetTemplateCommand({ StackName: 'sam-api', TemplateStage: 'Processed' }));
    expect(Object.keys(JSON.parse(processed.TemplateBody ?? '{}').Resources).sort()).toEqual(EXPECTED_RESOURCES);
  });
});
