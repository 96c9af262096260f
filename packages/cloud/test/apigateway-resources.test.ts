import { CreateStackCommand, DescribeStackResourcesCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { ECHO_CODE } from './apigateway-fixtures.ts';
import { rawRequest, signFor } from './raw-http.ts';

const INVOKE_URI = {
  'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Echo.Arn}/invocations',
};
// The function named through a stage variable, as stages pick an alias or a function.
const STAGE_VARIABLE_URI = {
  'Fn::Sub':
    'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${!stageVariables.fn}/invocations',
};

/** Lets API Gateway invoke the function from any stage and route of an API, as a template must (else 500). */
const invokePermission = (api: string) => ({
  Type: 'AWS::Lambda::Permission',
  Properties: {
    FunctionName: { 'Fn::GetAtt': ['Echo', 'Arn'] },
    Action: 'lambda:InvokeFunction',
    Principal: 'apigateway.amazonaws.com',
    SourceArn: { 'Fn::Sub': `arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${api}}/*` },
  },
});

/** A REST API and HTTP APIs built from their own resources, not from an OpenAPI body. */
function template(bucket: string, key: string, color = 'blue'): string {
  const method = (id: string, resource: string, extra: Record<string, unknown>) => ({
    Type: 'AWS::ApiGateway::Method',
    Properties: { RestApiId: { Ref: 'Rest' }, ResourceId: { Ref: resource }, ...extra },
  });
  return JSON.stringify({
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Echo: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'echo-fn',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          Code: { S3Bucket: bucket, S3Key: key },
        },
      },
      RestPermission: invokePermission('Rest'),
      HttpPermission: invokePermission('Http'),
      QuickPermission: invokePermission('Quick'),
      Rest: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'rest', BinaryMediaTypes: ['image/*'] } },
      Users: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: {
          RestApiId: { Ref: 'Rest' },
          ParentId: { 'Fn::GetAtt': ['Rest', 'RootResourceId'] },
          PathPart: 'users',
        },
      },
      User: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: { RestApiId: { Ref: 'Rest' }, ParentId: { Ref: 'Users' }, PathPart: '{user}' },
      },
      GetUser: method('GetUser', 'User', {
        HttpMethod: 'GET',
        AuthorizationType: 'NONE',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: STAGE_VARIABLE_URI },
      }),
      MockUsers: method('MockUsers', 'Users', {
        HttpMethod: 'OPTIONS',
        AuthorizationType: 'NONE',
        Integration: { Type: 'MOCK' },
      }),
      PostUsers: method('PostUsers', 'Users', {
        HttpMethod: 'POST',
        AuthorizationType: 'CUSTOM',
        AuthorizerId: 'abc123',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: INVOKE_URI },
      }),
      IamUsers: method('IamUsers', 'Users', {
        HttpMethod: 'GET',
        AuthorizationType: 'AWS_IAM',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: INVOKE_URI },
      }),
      Deployment: {
        Type: 'AWS::ApiGateway::Deployment',
        DependsOn: ['GetUser', 'MockUsers', 'PostUsers', 'IamUsers'],
        Properties: { RestApiId: { Ref: 'Rest' } },
      },
      Dev: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          RestApiId: { Ref: 'Rest' },
          DeploymentId: { Ref: 'Deployment' },
          StageName: 'dev',
          Variables: { fn: 'echo-fn', color },
        },
      },
      Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'http', ProtocolType: 'HTTP' } },
      HttpIntegration: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'Http' },
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: { 'Fn::GetAtt': ['Echo', 'Arn'] },
          PayloadFormatVersion: '1.0',
        },
      },
      HttpRoute: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'Http' },
          RouteKey: 'ANY /orders/{id}',
          Target: { 'Fn::Sub': 'integrations/${HttpIntegration}' },
        },
      },
      HttpStage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: { ApiId: { Ref: 'Http' }, StageName: 'beta', StageVariables: { tier: 'b' } },
      },
      Quick: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: { Name: 'quick', ProtocolType: 'HTTP', Target: { 'Fn::GetAtt': ['Echo', 'Arn'] } },
      },
    },
    Outputs: { QuickEndpoint: { Value: { 'Fn::GetAtt': ['Quick', 'ApiEndpoint'] } } },
  });
}

describe('API routes built from ApiGateway resources', () => {
  let f: CfnFixture;
  let codeKey = '';
  const ids = new Map<string, string>();
  beforeAll(async () => {
    f = await startCfnFixture();
    const code = await f.upload('code/echo.zip', ECHO_CODE);
    codeKey = code.key;
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'resources',
        Capabilities: ['CAPABILITY_IAM'],
        TemplateBody: template(f.artifactBucket, code.key),
      }),
    );
    const stack = await f.waitForStack('resources');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'resources' }));
    for (const r of StackResources) ids.set(r.LogicalResourceId ?? '', r.PhysicalResourceId ?? '');
    expect(stack.Outputs?.[0]?.OutputValue).toBe(`https://${ids.get('Quick')}.execute-api.us-east-1.amazonaws.com`);
  });
  afterAll(async () => {
    await f?.close();
  });

  const get = (path: string, method = 'GET', headers: Record<string, string> = {}) =>
    rawRequest(f.cloud.endpoint, { method, path, headers });

  it('walks Resource parents to the path and names the function through a stage variable', async () => {
    const answer = await get(`/restapis/${ids.get('Rest')}/dev/_user_request_/users/ada`);
    expect(answer.status).toBe(201);
    const event = JSON.parse(answer.body) as Record<string, any>;
    expect(event).toMatchObject({
      resource: '/users/{user}',
      path: '/users/ada',
      pathParameters: { user: 'ada' },
      stageVariables: { fn: 'echo-fn', color: 'blue' },
      requestContext: { stage: 'dev', resourceId: ids.get('User')?.split('|')[1] },
    });
  });

  it('answers 500 for a mock integration without responses, 501 naming an authorizer the API lacks, 403 for a stage it lacks', async () => {
    const rest = ids.get('Rest');
    // API Gateway: "No match for output mapping and no default output mapping configured".
    const mock = await get(`/restapis/${rest}/dev/_user_request_/users`, 'OPTIONS');
    expect([mock.status, JSON.parse(mock.body)]).toEqual([500, { message: 'Internal server error' }]);
    const authorized = await get(`/restapis/${rest}/dev/_user_request_/users`, 'POST');
    expect([authorized.status, JSON.parse(authorized.body).message]).toEqual([
      501,
      `The local cloud does not run the Lambda authorizer 'abc123' (no such authorizer in the API), which route 'POST /users' of API ${rest} (stack resources) needs.`,
    ]);
    const noStage = await get(`/restapis/${rest}/prod/_user_request_/users/ada`);
    expect([noStage.status, JSON.parse(noStage.body)]).toEqual([403, { message: 'Forbidden' }]);
  });

  it('lets an AWS_IAM route be called signed for execute-api, and refuses it unsigned', async () => {
    const path = `/restapis/${ids.get('Rest')}/dev/_user_request_/users`;
    const unsigned = await get(path);
    expect([unsigned.status, JSON.parse(unsigned.body)]).toEqual([403, { message: 'Missing Authentication Token' }]);
    const signed = await get(path, 'GET', { authorization: signFor('execute-api') });
    expect(signed.status).toBe(201);
    expect(JSON.parse(signed.body).resource).toBe('/users');
  });

  it('runs an HTTP API Route with its Integration at payload format 1.0 on a named stage', async () => {
    const host = `${ids.get('Http')}.execute-api.localhost`;
    const answer = await get(`/beta/orders/9?x=1`, 'PATCH', { host });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({
      version: '1.0',
      resource: '/orders/{id}',
      path: '/orders/9',
      pathParameters: { id: '9' },
      queryStringParameters: { x: '1' },
      stageVariables: { tier: 'b' },
      requestContext: { stage: 'beta', path: '/beta/orders/9', routeKey: 'ANY /orders/{id}' },
    });
    // Without a $default stage, a path that names no stage reaches nothing.
    const unstaged = await get(`/orders/9`, 'PATCH', { host });
    expect([unstaged.status, JSON.parse(unstaged.body)]).toEqual([404, { message: 'Not Found' }]);
  });

  it("serves a quick-create HTTP API's Target on its $default route", async () => {
    const answer = await get(`/restapis/${ids.get('Quick')}/$default/_user_request_/any/path`, 'PUT');
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ version: '2.0', routeKey: '$default', rawPath: '/any/path' });
  });

  it('serves what a stack update changed: the stage variables of the updated Stage', async () => {
    await f.cfn.send(
      new UpdateStackCommand({
        StackName: 'resources',
        Capabilities: ['CAPABILITY_IAM'],
        TemplateBody: template(f.artifactBucket, codeKey, 'green'),
      }),
    );
    expect((await f.waitForStack('resources')).StackStatus).toBe('UPDATE_COMPLETE');
    const answer = await get(`/restapis/${ids.get('Rest')}/dev/_user_request_/users/ada`);
    expect(JSON.parse(answer.body).stageVariables).toEqual({ fn: 'echo-fn', color: 'green' });
  });

  it("passes a body base64-encoded when its content type is one of the REST API's BinaryMediaTypes", async () => {
    const path = `/restapis/${ids.get('Rest')}/dev/_user_request_/users/ada`;
    const image = await rawRequest(f.cloud.endpoint, {
      path,
      // A GET with a body (the route's method) must say its length: Node sends no chunked GET bodies.
      headers: { 'content-type': 'image/png', 'content-length': '6' },
      body: Buffer.from([137, 80, 78, 71, 0, 255]),
    });
    expect(JSON.parse(image.body)).toMatchObject({ isBase64Encoded: true, body: 'iVBORwD/' });
    const text = await rawRequest(f.cloud.endpoint, {
      path,
      headers: { 'content-type': 'text/plain', 'content-length': '5' },
      body: 'plain',
    });
    expect(JSON.parse(text.body)).toMatchObject({ isBase64Encoded: false, body: 'plain' });
  });
});
