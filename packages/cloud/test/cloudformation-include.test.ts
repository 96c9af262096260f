import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStackResourcesCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_CODE } from './apigateway-fixtures.ts';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';
import { rawRequest } from './raw-http.ts';

const OPENAPI = `openapi: '3.0.1'
info: { title: included, version: '1' }
paths:
  /included/{id}:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        payloadFormatVersion: '2.0'
        uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Echo.Arn}/invocations
`;

const withInclude = (location: string) => ({
  Resources: {
    Queue: {
      Type: 'AWS::SQS::Queue',
      Properties: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: location } } },
    },
  },
});

describe('Fn::Transform AWS::Include', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('inserts the S3 snippets before the SAM transform: an OpenAPI body whose route answers, and keys merged into a section', async () => {
    const code = await f.upload('code/echo.zip', ECHO_CODE);
    await f.upload('snippets/api.yaml', OPENAPI);
    await f.upload('snippets/outputs.json', JSON.stringify({ Included: { Value: { 'Fn::GetAtt': ['Echo', 'Arn'] } } }));
    const template = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: s3://${f.artifactBucket}/${code.key} }
  # A definition body's routes get no permission from SAM: API Gateway may invoke Echo only with this one.
  EchoPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Echo.Arn
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/GET/included/*
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://${f.artifactBucket}/snippets/api.yaml } }
Outputs:
  Written: { Value: !Ref Api }
  Fn::Transform:
    Name: AWS::Include
    Parameters: { Location: 'https://${f.artifactBucket}.s3.amazonaws.com/snippets/outputs.json' }
`;
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'included',
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
        TemplateBody: template,
      }),
    );
    const stack = await f.waitForStack('included');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs?.map((o) => o.OutputKey).sort()).toEqual(['Included', 'Written']);
    const processed = await f.cfn.send(new GetTemplateCommand({ StackName: 'included', TemplateStage: 'Processed' }));
    expect(processed.TemplateBody).not.toContain('Fn::Transform');
    const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'included' }));
    const apiId = StackResources.find((r) => r.LogicalResourceId === 'Api')?.PhysicalResourceId;
    const answer = await rawRequest(f.cloud.endpoint, {
      method: 'GET',
      path: '/included/7',
      headers: { host: `${apiId}.execute-api.localhost:${f.cloud.port}` },
    });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ routeKey: 'GET /included/{id}', pathParameters: { id: '7' } });
  });

  it('merges the sections of a snippet named by the Transform section, then runs the transforms listed beside it', async () => {
    await f.upload(
      'snippets/queue.yaml',
      'Resources:\n  Queue: { Type: AWS::SQS::Queue }\nOutputs:\n  Queue: { Value: !Ref Queue }\n',
    );
    // The snippet's Resources join the template's own.
    const template = {
      Transform: [
        { Name: 'AWS::Include', Parameters: { Location: `s3://${f.artifactBucket}/snippets/queue.yaml` } },
        'AWS::Serverless-2016-10-31',
      ],
      Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
    };
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'included-top',
        Capabilities: ['CAPABILITY_AUTO_EXPAND'],
        TemplateBody: JSON.stringify(template),
      }),
    );
    const stack = await f.waitForStack('included-top');
    expect([stack.StackStatus, stack.Outputs?.map((o) => o.OutputKey)]).toEqual(['CREATE_COMPLETE', ['Queue']]);
    const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'included-top' }));
    expect(StackResources.map((r) => r.LogicalResourceId).sort()).toEqual(['Queue', 'Topic']);
  });

  it('fails the change set with CloudFormation’s reason for a bad Location, a missing object, an unparsable snippet or another macro', async () => {
    await f.upload('snippets/broken.yaml', 'a: [\n');
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        'local',
        withInclude('./api.yaml'),
        'Transform AWS::Include failed with: The location parameter is not a valid S3 uri.',
      ],
      [
        'missing',
        withInclude(`s3://${f.artifactBucket}/snippets/none.yaml`),
        `Transform AWS::Include failed with: The specified S3 object s3://${f.artifactBucket}/snippets/none.yaml does not exist.`,
      ],
      [
        'broken',
        withInclude(`s3://${f.artifactBucket}/snippets/broken.yaml`),
        "Transform AWS::Include failed with: The specified S3 object's content should be valid Yaml/JSON.",
      ],
      [
        'macro',
        { Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { 'Fn::Transform': { Name: 'MyMacro' } } } } },
        'No transform named MyMacro found.',
      ],
    ];
    for (const [name, template, reason] of cases) {
      await f.cfn.send(
        new CreateChangeSetCommand({
          StackName: `include-${name}`,
          ChangeSetName: 'cs',
          ChangeSetType: 'CREATE',
          TemplateBody: JSON.stringify(template),
        }),
      );
      const described = await f.cfn.send(
        new DescribeChangeSetCommand({ StackName: `include-${name}`, ChangeSetName: 'cs' }),
      );
      expect([name, described.Status, described.StatusReason?.startsWith(reason)]).toEqual([name, 'FAILED', true]);
    }
    const direct = await sdkError(
      f.cfn.send(
        new CreateStackCommand({ StackName: 'include-direct', TemplateBody: JSON.stringify(withInclude('api.yaml')) }),
      ),
    );
    expect([direct.name, direct.message]).toEqual([
      'ValidationError',
      'Transform AWS::Include failed with: The location parameter is not a valid S3 uri.',
    ]);
  });
});
