import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
  UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_CODE } from './apigateway-fixtures.ts';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { rawRequest, signFor, type RawResponse } from './raw-http.ts';

/**
 * SAM's `FunctionUrlConfig` on $LATEST (public, with CORS) and on an alias (AWS_IAM), and a bare
 * `AWS::Lambda::Url` with no permission to go with it.
 */
const TEMPLATE = (bucket: string, key: string) => `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: s3://${bucket}/${key} }
Resources:
  Open:
    Type: AWS::Serverless::Function
    Properties:
      FunctionUrlConfig:
        AuthType: NONE
        Cors: { AllowOrigins: [http://localhost:3000], AllowMethods: [GET, POST], ExposeHeaders: [x-one], MaxAge: 60 }
  Locked:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: live
      FunctionUrlConfig: { AuthType: AWS_IAM }
  Bare:
    Type: AWS::Serverless::Function
  BareUrl:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: !GetAtt Bare.Arn, AuthType: NONE }
Outputs:
  OpenUrl: { Value: !GetAtt OpenUrl.FunctionUrl }
  LockedUrl: { Value: !GetAtt LockedUrl.FunctionUrl }
  BareUrl: { Value: !GetAtt BareUrl.FunctionUrl }
  LockedRef: { Value: !Ref LockedUrl }
  BareName: { Value: !Ref Bare }
`;

describe('Lambda function URLs: the API, AWS::Lambda::Url, and the URLs answering HTTP', () => {
  let f: CfnFixture;
  const outputs = new Map<string, string>();
  beforeAll(async () => {
    // The browser origin the cloud lets through, so that CORS requests reach the URLs at all.
    f = await startCfnFixture({ allowedOrigins: ['http://localhost:3000', 'http://other.example'] });
    const code = await f.upload('code/echo.zip', ECHO_CODE);
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'urls',
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
        TemplateBody: TEMPLATE(f.artifactBucket, code.key),
      }),
    );
    const stack = await f.waitForStack('urls');
    expect([stack.StackStatus, stack.StackStatusReason]).toEqual(['CREATE_COMPLETE', undefined]);
    const { Stacks } = await f.cfn.send(new DescribeStacksCommand({ StackName: 'urls' }));
    for (const o of Stacks?.[0]?.Outputs ?? []) outputs.set(o.OutputKey ?? '', o.OutputValue ?? '');
  });
  afterAll(async () => {
    await f?.close();
  });

  const idOf = (output: string) =>
    /^https:\/\/([a-z0-9]{32})\.lambda-url\.us-east-1\.on\.aws\/$/.exec(outputs.get(output) ?? '')?.[1];
  const call = (
    output: string,
    path: string,
    options: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) => rawRequest(f.cloud.endpoint, { ...options, path: `/_lambda-url/${idOf(output)}${path}` });
  const json = (answer: RawResponse): any => JSON.parse(answer.body);

  it('gives each URL Lambda’s address; GetAtt, Get and List agree, Ref is the function ARN', async () => {
    expect(idOf('OpenUrl')).toBeDefined();
    const got = await f.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: outputs.get('LockedRef') }));
    expect(got).toMatchObject({ FunctionUrl: outputs.get('LockedUrl'), AuthType: 'AWS_IAM', InvokeMode: 'BUFFERED' });
    expect(outputs.get('LockedRef')).toMatch(/:function:[^:]+:live$/);
    const functionName = (outputs.get('LockedRef') ?? '').split(':')[6] ?? '';
    const listed = await f.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: functionName }));
    expect(listed.FunctionUrlConfigs?.map((c) => c.FunctionUrl)).toEqual([outputs.get('LockedUrl')]);
  });

  it('runs a public URL with a payload format 2.0 event, as anonymous', async () => {
    const answer = await call('OpenUrl', '/some/path?a=1&a=2', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2' },
      body: '{"hello":"url"}',
    });
    expect(answer.status).toBe(201);
    const event = json(answer);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/some/path',
      rawQueryString: 'a=1&a=2',
      queryStringParameters: { a: '1,2' },
      cookies: ['c1=v1', 'c2=v2'],
      body: '{"hello":"url"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: 'anonymous',
        apiId: idOf('OpenUrl'),
        domainName: `${idOf('OpenUrl')}.lambda-url.us-east-1.on.aws`,
        http: { method: 'POST', path: '/some/path' },
        stage: '$default',
      },
    });
    expect(event.requestContext.authorizer).toBeUndefined();
    const byHost = await rawRequest(f.cloud.endpoint, {
      path: '/x',
      headers: { host: `${idOf('OpenUrl')}.lambda-url.us-east-1.localhost:${new URL(f.cloud.endpoint).port}` },
    });
    expect([byHost.status, json(byHost).rawPath]).toEqual([201, '/x']);
  });

  it('refuses a NONE URL no resource policy opens, and an AWS_IAM URL to unsigned callers (403)', async () => {
    const bare = await call('BareUrl', '/');
    expect([bare.status, json(bare)]).toEqual([403, { Message: 'Forbidden' }]);
    const unsigned = await call('LockedUrl', '/');
    expect([unsigned.status, json(unsigned)]).toEqual([403, { Message: 'Forbidden' }]);
    const signed = await call('LockedUrl', '/signed', { headers: { authorization: signFor('lambda') } });
    expect(signed.status).toBe(201);
    expect(json(signed).requestContext).toMatchObject({
      accountId: '000000000000',
      authorizer: { iam: { accessKey: expect.any(String), userArn: expect.stringMatching(/^arn:aws:iam::/) } },
    });
  });

  it('answers CORS preflights and requests from its configuration, and 502 when the function fails', async () => {
    const preflight = await call('OpenUrl', '/', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': 'http://localhost:3000',
      'access-control-allow-methods': 'GET,POST',
      'access-control-max-age': '60',
    });
    const other = await call('OpenUrl', '/', {
      method: 'OPTIONS',
      headers: { Origin: 'http://other.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await call('OpenUrl', '/', { headers: { Origin: 'http://localhost:3000' } });
    expect(simple.headers).toMatchObject({
      'access-control-allow-origin': 'http://localhost:3000',
      'access-control-expose-headers': 'x-one',
    });
    const failed = await call('OpenUrl', '/fail');
    expect([failed.status, json(failed)]).toEqual([502, { Message: 'Internal Server Error' }]);
  });

  it('creates, updates and deletes URLs through the API with Lambda’s errors', async () => {
    const functionName = outputs.get('BareName') ?? '';
    const bare = await f.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: functionName }));
    expect(bare.FunctionUrlConfigs).toHaveLength(1);
    await expect(
      f.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: functionName, AuthType: 'NONE' })),
    ).rejects.toMatchObject({
      name: 'ResourceConflictException',
    });
    await expect(
      f.lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: functionName, Qualifier: '1', AuthType: 'NONE' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(
      f.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: functionName, AuthType: 'OPEN' as never })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const updated = await f.lambda.send(
      new UpdateFunctionUrlConfigCommand({ FunctionName: functionName, AuthType: 'AWS_IAM' }),
    );
    expect(updated).toMatchObject({ AuthType: 'AWS_IAM', FunctionUrl: outputs.get('BareUrl') });
    expect((await call('BareUrl', '/', { headers: { authorization: signFor('lambda') } })).status).toBe(201);
    await f.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: functionName }));
    await expect(f.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect((await call('BareUrl', '/')).status).toBe(404);
  });
});
