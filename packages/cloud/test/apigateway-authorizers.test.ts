import { CreateStackCommand, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { AUTHORIZER_CODE, ECHO_CODE } from './apigateway-fixtures.ts';
import { rawRequest, type RawResponse } from './raw-http.ts';

const INVOKE_URI = (fn: string) =>
  `!Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fn}.Arn}/invocations`;

/**
 * SAM APIs with `Auth:` (REST TOKEN and REQUEST authorizers, HTTP API simple and policy ones, a
 * JWT one), SAM's CORS and an HTTP API's CorsConfiguration; an API whose authorizer has no
 * permission; routes whose function's resource policy does not let API Gateway in; and a REST
 * API of resources with an `AWS::ApiGateway::Authorizer` and a MOCK method.
 */
const TEMPLATE = (bucket: string, echoKey: string, authKey: string) => `
Transform: AWS::Serverless-2016-10-31
Resources:
  AuthFn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: s3://${bucket}/${authKey} }
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: s3://${bucket}/${echoKey}
      Events:
        TokA: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /tok/a, Method: get } }
        TokB: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /tok/b, Method: get } }
        Req: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /req, Method: post, Auth: { Authorizer: Req } } }
        Open: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /open, Method: get, Auth: { Authorizer: NONE } } }
        Simple: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /simple, Method: get } }
        Policy: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /policy, Method: get, Auth: { Authorizer: Policy } } }
        Jwt: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /jwt, Method: get, Auth: { Authorizer: Jwt } } }
        Unpermitted: { Type: HttpApi, Properties: { ApiId: !Ref NoPermission, Path: /x, Method: get } }
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Cors: { AllowOrigin: "'*'", AllowHeaders: "'Content-Type,Authorization'" }
      GatewayResponses:
        DEFAULT_4XX: { ResponseParameters: { Headers: { Access-Control-Allow-Origin: "'*'" } } }
      Auth:
        DefaultAuthorizer: Tok
        AddDefaultAuthorizerToCorsPreflight: false
        Authorizers:
          Tok:
            FunctionArn: !GetAtt AuthFn.Arn
            Identity: { Header: Authorization, ValidationExpression: '^Bearer [a-z]+$', ReauthorizeEvery: 300 }
          Req:
            FunctionPayloadType: REQUEST
            FunctionArn: !GetAtt AuthFn.Arn
            Identity: { Headers: [X-User], QueryStrings: [q] }
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: [http://localhost:3000]
        AllowMethods: [GET, POST]
        AllowHeaders: [authorization, content-type]
        ExposeHeaders: [x-one]
        MaxAge: 600
      Auth:
        DefaultAuthorizer: Simple
        Authorizers:
          Simple:
            FunctionArn: !GetAtt AuthFn.Arn
            AuthorizerPayloadFormatVersion: '2.0'
            EnableSimpleResponses: true
            EnableFunctionDefaultPermissions: true
            Identity: { Headers: [Authorization], ReauthorizeEvery: 30 }
          Policy:
            FunctionArn: !GetAtt AuthFn.Arn
            AuthorizerPayloadFormatVersion: '1.0'
            EnableFunctionDefaultPermissions: true
            Identity: { Headers: [Authorization] }
          Jwt:
            JwtConfiguration: { issuer: 'https://issuer.example', audience: [app] }
            IdentitySource: $request.header.Authorization
  NoPermission:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Simple
        Authorizers:
          Simple:
            FunctionArn: !GetAtt AuthFn.Arn
            AuthorizerPayloadFormatVersion: '2.0'
            EnableSimpleResponses: true
            Identity: { Headers: [Authorization] }
  LockedRest:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: locked
      Body:
        swagger: '2.0'
        info: { title: locked }
        paths:
          /locked:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: ${INVOKE_URI('Echo')}
  LockedRestDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref LockedRest, StageName: v1 }
  LockedHttp:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: locked-http, ProtocolType: HTTP, Target: !GetAtt Echo.Arn }
  LockedHttpPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Echo.Arn
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${LockedHttp}/*/GET/allowed/*
  Res:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: res }
  ResAuthorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Res
      Name: tok
      Type: TOKEN
      AuthorizerUri: ${INVOKE_URI('AuthFn')}
      IdentitySource: method.request.header.Authorization
      AuthorizerResultTtlInSeconds: 0
  ResPets:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Res, ParentId: !GetAtt Res.RootResourceId, PathPart: pets }
  ResGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Res
      ResourceId: !Ref ResPets
      HttpMethod: GET
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref ResAuthorizer
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: ${INVOKE_URI('Echo')}
  ResOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Res
      ResourceId: !Ref ResPets
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        RequestTemplates: { application/json: '{"statusCode": 204}' }
        IntegrationResponses:
          - StatusCode: '204'
            SelectionPattern: '2\\d{2}'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'http://localhost:3000'"
              method.response.header.Access-Control-Allow-Methods: "'GET,OPTIONS'"
          - StatusCode: '500'
  ResDeployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [ResGet, ResOptions]
    Properties: { RestApiId: !Ref Res, StageName: live }
  ResUnauthorized:
    Type: AWS::ApiGateway::GatewayResponse
    Properties:
      RestApiId: !Ref Res
      ResponseType: UNAUTHORIZED
      StatusCode: '401'
      ResponseParameters: { gatewayresponse.header.WWW-Authenticate: "'Bearer'" }
      ResponseTemplates: { application/json: '{"why": $context.error.messageString}' }
  ResAuthorizerPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt AuthFn.Arn
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Res}/authorizers/\${ResAuthorizer}
  ResEchoPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Echo.Arn
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Res}/*/GET/pets
  ResHttp:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: res-http
      ProtocolType: HTTP
      CorsConfiguration: { AllowOrigins: ['*'], AllowMethods: ['*'], AllowHeaders: ['*'] }
  ResHttpAuthorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref ResHttp
      Name: simple
      AuthorizerType: REQUEST
      AuthorizerUri: ${INVOKE_URI('AuthFn')}
      AuthorizerPayloadFormatVersion: '2.0'
      EnableSimpleResponses: true
      IdentitySource: [$request.header.Authorization]
  ResHttpIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref ResHttp, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Echo.Arn, PayloadFormatVersion: '2.0' }
  ResHttpRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ResHttp
      RouteKey: GET /things
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref ResHttpAuthorizer
      Target: !Sub integrations/\${ResHttpIntegration}
  ResHttpStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref ResHttp, StageName: $default }
  ResHttpPermissions:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt AuthFn.Arn
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${ResHttp}/authorizers/*
  ResHttpEchoPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Echo.Arn
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${ResHttp}/*
`;

describe('API route authorizers, mock integrations, CORS and the resource-policy check', () => {
  let f: CfnFixture;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    // Browser origins the cloud lets through, so that CORS requests reach the APIs at all.
    f = await startCfnFixture({ allowedOrigins: ['http://localhost:3000', 'http://other.example'] });
    const echo = await f.upload('code/echo.zip', ECHO_CODE);
    const auth = await f.upload('code/auth.zip', AUTHORIZER_CODE);
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'auth',
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
        TemplateBody: TEMPLATE(f.artifactBucket, echo.key, auth.key),
      }),
    );
    const stack = await f.waitForStack('auth');
    expect([stack.StackStatus, stack.StackStatusReason]).toEqual(['CREATE_COMPLETE', undefined]);
    const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'auth' }));
    for (const r of StackResources) ids.set(r.LogicalResourceId ?? '', r.PhysicalResourceId ?? '');
  });
  afterAll(async () => {
    await f?.close();
  });

  const call = (api: string, stage: string, path: string, headers: Record<string, string> = {}, method = 'GET') =>
    rawRequest(f.cloud.endpoint, {
      method,
      path: `/restapis/${ids.get(api)}/${stage}/_user_request_${path}`,
      headers,
    });
  const json = (answer: RawResponse): any => JSON.parse(answer.body);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** A browser's preflight of `method` (and `headers`, when given) from `origin` to an HTTP API's `$default` stage. */
  const preflight = (api: string, path: string, origin: string, method: string, headers?: string) =>
    call(
      api,
      '$default',
      path,
      {
        Origin: origin,
        'Access-Control-Request-Method': method,
        ...(headers ? { 'Access-Control-Request-Headers': headers } : {}),
      },
      'OPTIONS',
    );

  it('runs a REST TOKEN authorizer: its context reaches the integration, 401 without a valid token', async () => {
    const allowed = await call('Api', 'Prod', '/tok/a', bearer('allow'));
    expect(allowed.status).toBe(201);
    const authorizer = json(allowed).requestContext.authorizer;
    // REST APIs pass the context's values as strings.
    expect(authorizer).toMatchObject({ principalId: 'user-1', token: 'Bearer allow', flag: 'true', count: '7' });
    expect(typeof authorizer.integrationLatency).toBe('number');
    for (const headers of [{}, { Authorization: '' }, { Authorization: 'Basic abc' }, bearer('unauthorized')]) {
      const refused = await call('Api', 'Prod', '/tok/a', headers);
      expect([refused.status, json(refused), refused.headers['x-amzn-errortype']]).toEqual([
        401,
        { message: 'Unauthorized' },
        'UnauthorizedException',
      ]);
    }
    // SAM's GatewayResponses: DEFAULT_4XX adds its header to API Gateway's own 401.
    expect((await call('Api', 'Prod', '/tok/a')).headers['access-control-allow-origin']).toBe('*');
    const open = await call('Api', 'Prod', '/open');
    expect([open.status, json(open).requestContext.authorizer]).toEqual([201, undefined]);
  });

  it("answers the authorizer's denials and failures in API Gateway's words", async () => {
    const deny = await call('Api', 'Prod', '/tok/a', bearer('deny'));
    expect([deny.status, json(deny)]).toEqual([
      403,
      { message: 'User is not authorized to access this resource with an explicit deny' },
    ]);
    const elsewhere = await call('Api', 'Prod', '/tok/a', bearer('elsewhere'));
    expect([elsewhere.status, json(elsewhere)]).toEqual([
      403,
      { message: 'User is not authorized to access this resource' },
    ]);
    const broken = await call('Api', 'Prod', '/tok/a', bearer('broken'));
    expect([broken.status, json(broken), broken.headers['x-amzn-errortype']]).toEqual([
      500,
      { message: null },
      'AuthorizerConfigurationException',
    ]);
  });

  it('caches a result by its token for the TTL and evaluates the cached policy against each method ARN', async () => {
    const first = json(await call('Api', 'Prod', '/tok/b', bearer('allow'))).requestContext.authorizer;
    const second = json(await call('Api', 'Prod', '/tok/b', bearer('allow'))).requestContext.authorizer;
    expect(second.calls).toBe(first.calls);
    expect(second.integrationLatency).toBe(0);
    // A policy for one method ARN, cached, refuses the other route: API Gateway's well-known caching trap.
    expect((await call('Api', 'Prod', '/tok/a', bearer('narrow'))).status).toBe(201);
    const other = await call('Api', 'Prod', '/tok/b', bearer('narrow'));
    expect([other.status, json(other)]).toEqual([403, { message: 'User is not authorized to access this resource' }]);
  });

  it('runs a REST REQUEST authorizer with its identity sources, each one required while results are cached', async () => {
    const answer = await call('Api', 'Prod', '/req?q=1', { 'X-User': 'ada' }, 'POST');
    expect(answer.status).toBe(201);
    const authorizer = json(answer).requestContext.authorizer;
    expect(authorizer).toMatchObject({ principalId: 'user-1', user: 'ada', q: '1', body: 'undefined' });
    expect(authorizer.methodArn).toBe(
      `arn:aws:execute-api:us-east-1:${f.cloud.accountId}:${ids.get('Api')}/Prod/POST/req`,
    );
    const noQuery = await call('Api', 'Prod', '/req', { 'X-User': 'ada' }, 'POST');
    expect([noQuery.status, json(noQuery)]).toEqual([401, { message: 'Unauthorized' }]);
  });

  it("answers SAM's CORS OPTIONS methods through their MOCK integration, without the default authorizer", async () => {
    const answer = await call('Api', 'Prod', '/tok/a', {}, 'OPTIONS');
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-allow-methods']).toBe('GET,OPTIONS');
    expect(answer.headers['access-control-allow-headers']).toBe('Content-Type,Authorization');
    expect(answer.body).toBe('{}\n');
  });

  it('runs an HTTP API simple-response authorizer (format 2.0): 401 without identity, 403 refused, cached', async () => {
    const missing = await call('Http', '$default', '/simple');
    expect([missing.status, json(missing)]).toEqual([401, { message: 'Unauthorized' }]);
    const refused = await call('Http', '$default', '/simple', { Authorization: 'nope' });
    expect([refused.status, json(refused)]).toEqual([403, { message: 'Forbidden' }]);
    const first = await call('Http', '$default', '/simple', { Authorization: 'let-me-in' });
    expect(first.status).toBe(201);
    const lambda = json(first).requestContext.authorizer.lambda;
    expect(lambda).toMatchObject({ user: 'ada', nested: { ok: true } });
    expect(lambda.routeArn).toBe(
      `arn:aws:execute-api:us-east-1:${f.cloud.accountId}:${ids.get('Http')}/$default/GET/simple`,
    );
    const again = json(await call('Http', '$default', '/simple', { Authorization: 'let-me-in' }));
    expect(again.requestContext.authorizer.lambda.calls).toBe(lambda.calls);
  });

  it('runs an HTTP API policy authorizer (format 1.0) and keeps JWT authorizers a clear 501', async () => {
    const answer = await call('Http', '$default', '/policy', { Authorization: 'abc' });
    expect(answer.status).toBe(201);
    expect(json(answer).requestContext.authorizer.lambda).toMatchObject({ identitySource: 'abc', type: 'REQUEST' });
    const jwt = await call('Http', '$default', '/jwt', { Authorization: 'abc' });
    expect([jwt.status, json(jwt).message]).toEqual([
      501,
      `The local cloud does not run the JWT authorizer 'Jwt' (the local cloud has no identity provider to check its tokens against), which route 'GET /jwt' of API ${ids.get('Http')} (stack auth) needs.`,
    ]);
  });

  it('answers HTTP API preflights itself and adds the configured CORS headers to answers and errors', async () => {
    const allowed = await preflight('Http', '/simple', 'http://localhost:3000', 'GET', 'Authorization');
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': 'http://localhost:3000',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-max-age': '600',
    });
    const foreign = await preflight('Http', '/simple', 'http://other.example', 'GET');
    expect(foreign.status).toBe(204);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const answer = await call('Http', '$default', '/simple', {
      Origin: 'http://localhost:3000',
      Authorization: 'let-me-in',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(answer.headers['access-control-expose-headers']).toBe('x-one');
    const refused = await call('Http', '$default', '/simple', { Origin: 'http://localhost:3000' });
    expect([refused.status, refused.headers['access-control-allow-origin']]).toEqual([401, 'http://localhost:3000']);
  });

  it("checks the function's resource policy: without API Gateway's permission a route or authorizer answers 500", async () => {
    const unpermittedAuthorizer = await call('NoPermission', '$default', '/x', { Authorization: 'let-me-in' });
    expect([unpermittedAuthorizer.status, json(unpermittedAuthorizer)]).toEqual([
      500,
      { message: 'Internal Server Error' },
    ]);
    const rest = await call('LockedRest', 'v1', '/locked');
    expect([rest.status, json(rest)]).toEqual([500, { message: 'Internal server error' }]);
    // The permission's SourceArn wildcard covers GET /allowed/*, nothing else.
    expect((await call('LockedHttp', '$default', '/allowed/1')).status).toBe(201);
    const elsewhere = await call('LockedHttp', '$default', '/other');
    expect([elsewhere.status, json(elsewhere)]).toEqual([500, { message: 'Internal Server Error' }]);
    expect((await call('LockedHttp', '$default', '/allowed/2', {}, 'POST')).status).toBe(500);
    const logs = new CloudWatchLogsClient({ ...cloudClientConfig(f.cloud.endpoint, f.cloud.region), maxAttempts: 1 });
    const { events = [] } = await logs.send(
      new FilterLogEventsCommand({ logGroupName: `API-Gateway-Execution-Logs_${ids.get('LockedRest')}/v1` }),
    );
    expect(events.map((e) => e.message).join('\n')).toMatch(
      /Execution failed due to configuration error: Invalid permissions on Lambda function: its resource policy does not allow apigateway\.amazonaws\.com/,
    );
    logs.destroy();
  });

  it('runs an AWS::ApiGateway::Authorizer on its Method (TTL 0: called every time), a MOCK method and a GatewayResponse', async () => {
    const first = await call('Res', 'live', '/pets', bearer('allow'));
    expect(first.status).toBe(201);
    const second = await call('Res', 'live', '/pets', bearer('allow'));
    expect(Number(json(second).requestContext.authorizer.calls)).toBe(
      Number(json(first).requestContext.authorizer.calls) + 1,
    );
    const unauthorized = await call('Res', 'live', '/pets');
    expect([unauthorized.status, json(unauthorized), unauthorized.headers['www-authenticate']]).toEqual([
      401,
      { why: 'Unauthorized' },
      'Bearer',
    ]);
    const options = await call('Res', 'live', '/pets', {}, 'OPTIONS');
    expect([options.status, options.headers['access-control-allow-origin'], options.body]).toEqual([
      204,
      'http://localhost:3000',
      '',
    ]);
  });

  it("runs an AWS::ApiGatewayV2::Authorizer on its Route and the Api resource's CorsConfiguration", async () => {
    const any = await preflight('ResHttp', '/things', 'http://other.example', 'DELETE', 'X-A, X-B');
    // Any origin, method and header: `*` for the origin, the method and headers asked for.
    const corsHeaders = ['origin', 'methods', 'headers'].map((name) => any.headers[`access-control-allow-${name}`]);
    expect([any.status, ...corsHeaders]).toEqual([204, '*', 'DELETE', 'x-a,x-b']);
    const refused = await call('ResHttp', '$default', '/things', { Authorization: 'nope' });
    expect([refused.status, json(refused)]).toEqual([403, { message: 'Forbidden' }]);
    const answer = await call('ResHttp', '$default', '/things', {
      Authorization: 'let-me-in',
      Origin: 'http://other.example',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(json(answer).requestContext.authorizer.lambda.user).toBe('ada');
  });
});
