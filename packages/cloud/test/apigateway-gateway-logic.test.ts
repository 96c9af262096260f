import { describe, expect, it } from 'vitest';
import type { IntegrationResponse, LambdaAuthorizer } from '../src/plugins/apigateway/api-model.ts';
import { decide, readAuthorizerResult } from '../src/plugins/apigateway/authorizer-results.ts';
import { corsConfigurationOf, preflightResponse, withCorsHeaders } from '../src/plugins/apigateway/cors.ts';
import { openApiGatewayResponses, withGatewayResponse } from '../src/plugins/apigateway/gateway-responses.ts';
import { runMockIntegration } from '../src/plugins/apigateway/mock-integration.ts';
import { ServiceError } from '../src/service-error.ts';

const response = (statusCode: string, selectionPattern?: string, body?: string): IntegrationResponse => ({
  ...(selectionPattern === undefined ? {} : { selectionPattern }),
  statusCode,
  parameters: new Map([['method.response.header.X-Status', `'${statusCode}'`]]),
  templates: body === undefined ? new Map() : new Map([['application/json', body]]),
});
const mock = (template: string | undefined, responses: IntegrationResponse[]) => ({
  kind: 'mock' as const,
  requestTemplates: new Map(template === undefined ? [] : [['application/json', template]]),
  responses,
});

describe('MOCK integrations', () => {
  it('picks the integration response whose selection pattern matches the whole status code, else the default', () => {
    const responses = [response('200', undefined, '{"ok":true}'), response('404', '4\\d\\d'), response('503', '5')];
    const answer = (template: string) => runMockIntegration(mock(template, responses), undefined);
    expect(answer('{"statusCode": 404}')).toMatchObject({ kind: 'answer', response: { status: 404 } });
    // '5' does not match '503' as a whole: the default answers.
    expect(answer('{"statusCode": 503}')).toEqual({
      kind: 'answer',
      response: {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-status': '200' },
        body: '{"ok":true}',
      },
    });
  });

  it('is a configuration error without a matching or default response, and names VTL it does not run', () => {
    expect(runMockIntegration(mock('{"statusCode": 200}', [response('500', '5\\d\\d')]), undefined)).toEqual({
      kind: 'no-mapping',
    });
    expect(runMockIntegration(mock('#set($x = 1)\n{"statusCode": 200}', []), undefined)).toEqual({
      kind: 'unsupported',
      what: 'a mock integration whose request template uses VTL',
    });
    // No request template: status 200, answered by the default response.
    expect(runMockIntegration(mock(undefined, [response('200')]), 'text/plain')).toMatchObject({
      kind: 'answer',
      response: { status: 200 },
    });
  });
});

describe('HTTP API CORS', () => {
  const cors = corsConfigurationOf({
    allowOrigins: ['https://app.example'],
    allowMethods: ['get', 'POST'],
    allowHeaders: ['Authorization'],
    allowCredentials: true,
    maxAge: 60,
  });
  if (!cors) throw new Error('no configuration read');

  it('allows a preflight only for a listed origin, method and headers', () => {
    const ok = preflightResponse(cors, {
      method: 'OPTIONS',
      origin: 'https://app.example',
      requestMethod: 'POST',
      requestHeaders: 'authorization',
    });
    expect(ok).toEqual({
      status: 204,
      headers: {
        'access-control-allow-origin': 'https://app.example',
        'access-control-allow-methods': 'GET,POST',
        'access-control-allow-headers': 'authorization',
        'access-control-max-age': '60',
        'access-control-allow-credentials': 'true',
        vary: 'Origin',
      },
    });
    for (const refused of [
      { origin: 'https://evil.example', requestMethod: 'POST' },
      { origin: 'https://app.example', requestMethod: 'DELETE' },
      { origin: 'https://app.example', requestMethod: 'GET', requestHeaders: 'x-other' },
    ])
      expect(preflightResponse(cors, { method: 'OPTIONS', ...refused }).headers).toEqual({ vary: 'Origin' });
  });

  it("replaces the integration's CORS headers with the API's", () => {
    const answer = withCorsHeaders(cors, 'https://evil.example', {
      status: 200,
      headers: { 'Access-Control-Allow-Origin': '*', 'x-kept': 'yes' },
    });
    expect(answer.headers).toEqual({ 'x-kept': 'yes', vary: 'Origin' });
  });
});

describe('Lambda authorizer answers', () => {
  const authorizer: LambdaAuthorizer = {
    name: 'a',
    id: 'abc123',
    type: 'TOKEN',
    functionTarget: 'fn',
    identitySources: ['method.request.header.Authorization'],
    ttlSeconds: 300,
    payloadFormat: '1.0',
    simpleResponses: false,
  };
  const arn = 'arn:aws:execute-api:us-east-1:000000000000:api/Prod/GET/items/1';
  const read = (answer: unknown, rest = true) =>
    readAuthorizerResult(authorizer, Buffer.from(JSON.stringify(answer)), rest);
  const policy = (statements: unknown[], extra: Record<string, unknown> = {}) => ({
    principalId: 'me',
    policyDocument: { Version: '2012-10-17', Statement: statements },
    ...extra,
  });

  it('evaluates the policy against the method ARN: wildcards allow, an explicit Deny wins, anything else is an implicit deny', () => {
    const allowStage = read(
      policy([{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:api/Prod/*' }]),
    );
    expect(allowStage && decide(allowStage, arn)).toMatchObject({ kind: 'allow', principalId: 'me' });
    const denied = read(
      policy([
        { Effect: 'Allow', Action: 'execute-api:*', Resource: '*' },
        { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${arn}` },
      ]),
    );
    expect(denied && decide(denied, arn)).toEqual({ kind: 'deny', explicit: true });
    const other = read(
      policy([{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:api/Prod/POST/*' }]),
    );
    expect(other && decide(other, arn)).toEqual({ kind: 'deny', explicit: false });
  });

  it('refuses what API Gateway calls a configuration error', () => {
    const allow = [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }];
    expect(read({ principalId: 'me' })).toBeUndefined();
    expect(read({ policyDocument: { Statement: allow } })).toBeUndefined();
    expect(read(policy(allow, { context: { nested: { no: 1 } } }))).toBeUndefined();
    expect(read(policy([{ Effect: 'Maybe', Action: 'x:y', Resource: '*' }]))).toBeUndefined();
    // HTTP APIs take nested context values and no principalId.
    expect(read({ policyDocument: { Statement: allow }, context: { nested: { ok: 1 } } }, false)).toMatchObject({
      kind: 'policy',
    });
    const simple = { ...authorizer, simpleResponses: true };
    expect(readAuthorizerResult(simple, Buffer.from('{"isAuthorized":"yes"}'), false)).toBeUndefined();
    expect(readAuthorizerResult(simple, Buffer.from('not json'), false)).toBeUndefined();
  });
});

describe('REST gateway responses', () => {
  const responses = openApiGatewayResponses({
    DEFAULT_5XX: { responseParameters: { 'gatewayresponse.header.X-Kind': "'5xx'" }, responseTemplates: {} },
    AUTHORIZER_CONFIGURATION_ERROR: {
      statusCode: '503',
      responseTemplates: { 'application/json': '{"error": $context.error.messageString}' },
    },
  });
  const render = (error: ServiceError) =>
    withGatewayResponse(responses, error, {
      status: error.status,
      headers: { 'x-amzn-errortype': error.code },
      body: '{}',
    });

  it('shapes an error by its type, else by DEFAULT_5XX, and leaves what the local cloud adds alone', () => {
    expect(render(new ServiceError('AuthorizerConfigurationException', 500, ''))).toEqual({
      status: 503,
      headers: { 'x-amzn-errortype': 'AuthorizerConfigurationException' },
      body: '{"error": null}',
    });
    expect(render(new ServiceError('InternalServerErrorException', 502, 'Internal server error'))).toEqual({
      status: 502,
      headers: { 'x-amzn-errortype': 'InternalServerErrorException', 'x-kind': '5xx' },
      body: '{}',
    });
    expect(render(new ServiceError('NotImplemented', 501, 'not run')).headers).toEqual({
      'x-amzn-errortype': 'NotImplemented',
    });
    // No DEFAULT_4XX: a 401 keeps API Gateway's own answer.
    expect(render(new ServiceError('UnauthorizedException', 401, 'Unauthorized')).status).toBe(401);
  });
});
