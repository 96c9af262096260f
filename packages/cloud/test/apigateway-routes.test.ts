import { CreateStackCommand, DescribeStackResourcesCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { ECHO_CODE } from './apigateway-fixtures.ts';
import { rawRequest, type RawRequestOptions, type RawResponse } from './raw-http.ts';

const SAM_TEMPLATE = (bucket: string, key: string) => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: s3://${bucket}/${key}
      Events:
        Item: { Type: Api, Properties: { Path: '/items/{id}', Method: get } }
        Greedy: { Type: Api, Properties: { Path: '/files/{proxy+}', Method: any } }
        Fail: { Type: Api, Properties: { Path: /fail, Method: get } }
        Malformed: { Type: Api, Properties: { Path: /malformed, Method: get } }
        HttpItem: { Type: HttpApi, Properties: { Path: '/things/{id}', Method: get } }
        HttpShorthand: { Type: HttpApi, Properties: { Path: /shorthand, Method: get } }
        HttpFail: { Type: HttpApi, Properties: { Path: /fail, Method: get } }
        HttpBinary: { Type: HttpApi, Properties: { Path: /binary, Method: post } }
Outputs:
  ItemUrl:
    Value: !Sub https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/items/1
`;

describe('API routes of deployed APIs', () => {
  let f: CfnFixture;
  let port: number;
  let restId: string;
  let httpId: string;
  let stack: Stack;
  beforeAll(async () => {
    // With a console served, as under `toolkit local start`: answers on the cloud's origin are sandboxed.
    f = await startCfnFixture({
      console: new Map([['index.html', { body: '<title>c</title>', contentType: 'text/html' }]]),
    });
    port = f.cloud.port;
    const code = await f.upload('code/echo.zip', ECHO_CODE);
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'routes',
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
        TemplateBody: SAM_TEMPLATE(f.artifactBucket, code.key),
      }),
    );
    stack = await f.waitForStack('routes');
    const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'routes' }));
    const idOf = (logicalId: string) =>
      StackResources.find((r) => r.LogicalResourceId === logicalId)?.PhysicalResourceId;
    restId = idOf('ServerlessRestApi') ?? '';
    httpId = idOf('ServerlessHttpApi') ?? '';
  });
  afterAll(async () => {
    await f?.close();
  });

  /** An unsigned request, as a browser or curl sends it; `host` addresses an API by name. */
  const rawHttp = (
    method: string,
    path: string,
    options: Omit<RawRequestOptions, 'method' | 'path'> & { host?: string } = {},
  ) =>
    rawRequest(f.cloud.endpoint, {
      method,
      path,
      headers: { ...(options.host ? { host: options.host } : {}), ...options.headers },
      ...(options.body === undefined ? {} : { body: options.body }),
    });
  const json = (answer: RawResponse): unknown => JSON.parse(answer.body);
  const rest = (path: string) => `/restapis/${restId}/Prod/_user_request_${path}`;

  it('runs a REST API route with payload format 1.0: path parameters, multi-value query and headers', async () => {
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const answer = await rawHttp('GET', rest('/items/42?tag=a&tag=b&one=x'), {
      headers: { 'X-Custom': 'hello' },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-one']).toBe('a');
    expect(answer.headers['x-many']).toBe('b, c');
    const event = json(answer) as Record<string, any>;
    expect(event.version).toBeUndefined();
    expect(event).toMatchObject({
      resource: '/items/{id}',
      path: '/items/42',
      httpMethod: 'GET',
      pathParameters: { id: '42' },
      queryStringParameters: { tag: 'b', one: 'x' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], one: ['x'] },
      body: null,
      isBase64Encoded: false,
      requestContext: { apiId: restId, stage: 'Prod', path: '/Prod/items/42', resourcePath: '/items/{id}' },
    });
    expect(event.headers['X-Custom']).toBe('hello');
    expect(event.multiValueHeaders['X-Custom']).toEqual(['hello']);
  });

  it('binds a greedy {proxy+} path for any method, and answers the host-style address too', async () => {
    const answer = await rawHttp('DELETE', '/Prod/files/a/b%20c/d.txt', {
      host: `${restId}.execute-api.localhost:${port}`,
    });
    expect(answer.status).toBe(201);
    const event = json(answer) as Record<string, any>;
    expect(event.resource).toBe('/files/{proxy+}');
    expect(event.httpMethod).toBe('DELETE');
    expect(event.pathParameters).toEqual({ proxy: 'a/b c/d.txt' });
  });

  it('answers REST errors as API Gateway does: 403 without a route, 502 for a failed or malformed function', async () => {
    const missing = await rawHttp('GET', rest('/nothing/here'));
    expect([missing.status, json(missing), missing.headers['x-amzn-errortype']]).toEqual([
      403,
      { message: 'Missing Authentication Token' },
      'MissingAuthenticationTokenException',
    ]);
    const wrongMethod = await rawHttp('POST', rest('/items/1'));
    expect(wrongMethod.status).toBe(403);
    const failed = await rawHttp('GET', rest('/fail'));
    expect([failed.status, json(failed)]).toEqual([502, { message: 'Internal server error' }]);
    const malformed = await rawHttp('GET', rest('/malformed'));
    expect([malformed.status, json(malformed)]).toEqual([502, { message: 'Internal server error' }]);
  });

  it('runs an HTTP API route with payload format 2.0 on its $default stage', async () => {
    const answer = await rawHttp('GET', '/things/7?tag=a&tag=b', {
      host: `${httpId}.execute-api.localhost:${port}`,
      headers: { cookie: 'a=1; b=2', 'X-Custom': 'hello' },
    });
    expect(answer.status).toBe(201);
    const event = json(answer) as Record<string, any>;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /things/{id}',
      rawPath: '/things/7',
      rawQueryString: 'tag=a&tag=b',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { tag: 'a,b' },
      pathParameters: { id: '7' },
      isBase64Encoded: false,
      requestContext: { apiId: httpId, stage: '$default', http: { method: 'GET', path: '/things/7' } },
    });
    expect(event.headers['x-custom']).toBe('hello');
    expect(event.multiValueHeaders).toBeUndefined();
  });

  it('takes the 2.0 shorthand answer, passes binary bodies base64, and answers HTTP API errors', async () => {
    const path = (p: string) => `/restapis/${httpId}/$default/_user_request_${p}`;
    const shorthand = await rawHttp('GET', path('/shorthand'));
    expect([shorthand.status, shorthand.headers['content-type'], json(shorthand)]).toEqual([
      200,
      'application/json',
      { shorthand: true },
    ]);
    const binary = await rawHttp('POST', path('/binary'), {
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([9, 8, 7]),
    });
    expect(binary.status).toBe(200);
    expect([...binary.bytes]).toEqual([0, 1, 2, 255, 9, 8, 7]);
    const missing = await rawHttp('GET', path('/nothing'));
    expect([missing.status, json(missing)]).toEqual([404, { message: 'Not Found' }]);
    const failed = await rawHttp('GET', path('/fail'));
    expect([failed.status, json(failed)]).toEqual([500, { message: 'Internal Server Error' }]);
  });

  it('answers 404 naming an API id that no stack deployed', async () => {
    const answer = await rawHttp('GET', '/restapis/nosuchapi1/Prod/_user_request_/items/1');
    expect([answer.status, json(answer)]).toEqual([
      404,
      { message: "The local cloud has no deployed API 'nosuchapi1'." },
    ]);
  });

  it("keeps the cloud's browser rules: a foreign page is refused, only the API's own origin is not sandboxed", async () => {
    const fromPage = await rawHttp('GET', rest('/items/1'), { headers: { origin: 'http://attacker.example' } });
    expect(fromPage.status).toBe(403);
    expect(json(fromPage)).toEqual({
      message:
        "Requests from origin 'http://attacker.example' are refused: the local cloud serves only origins it was started to allow.",
    });
    const pathStyle = await rawHttp('GET', rest('/items/1'));
    expect(pathStyle.headers['content-security-policy']).toBe('sandbox');
    const ownOrigin = await rawHttp('GET', '/Prod/items/1', { host: `${restId}.execute-api.localhost:${port}` });
    expect(ownOrigin.status).toBe(201);
    expect(ownOrigin.headers['content-security-policy']).toBeUndefined();
  });
});
