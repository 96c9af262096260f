import {
  absolutePath,
  checkMethod,
  forwardedHeaders,
  gatewayTime,
  lowerCaseNames,
  multiValue,
  pathParameters,
} from './http-request.ts';
import {
  accountId,
  checkStringMap,
  defineSampleEvent,
  partition,
  region,
  SAMPLE_TIME,
  stringMap,
} from './sample-event.ts';

const API_ID = '1234567890';
const body = { default: '{"test":"body"}', describe: 'Request body' };
const dnsSuffix = { default: 'us-east-1.amazonaws.com', describe: "DNS suffix of the API's host name" };
const method = { default: 'POST', describe: 'HTTP method', check: checkMethod };
const path = { default: 'path/to/resource', describe: 'Request path' };
const identity = { sourceIp: '127.0.0.1', userAgent: 'Custom User Agent String' };

export const apiGatewayAwsProxy = defineSampleEvent({
  service: 'apigateway',
  event: 'aws-proxy',
  describe: 'A REST API Lambda proxy request (payload format 1.0)',
  parameters: {
    body,
    stage: { default: 'prod', describe: 'Stage name' },
    method,
    resource: { default: '/{proxy+}', describe: 'Resource path the route matched, with its {variables}' },
    path,
    querystringparameters: {
      default: '{"foo": "bar"}',
      describe: 'Query string parameters, as a JSON object',
      check: checkStringMap,
    },
    'account-id': accountId,
    'dns-suffix': dnsSuffix,
  },
  validate(values) {
    if (pathParameters(values.resource, values.path)) return undefined;
    return { parameter: 'path', problem: `${absolutePath(values.path)} does not match --resource ${values.resource}` };
  },
  build(values) {
    const host = `${API_ID}.execute-api.${values['dns-suffix']}`;
    const query = stringMap(values.querystringparameters);
    const hasQuery = Object.keys(query).length > 0;
    const parameters = pathParameters(values.resource, values.path)!;
    const headers = forwardedHeaders(host);
    const requestPath = absolutePath(values.path);
    return {
      body: values.body,
      resource: absolutePath(values.resource),
      path: requestPath,
      httpMethod: values.method,
      isBase64Encoded: false,
      queryStringParameters: hasQuery ? query : null,
      multiValueQueryStringParameters: hasQuery ? multiValue(query) : null,
      pathParameters: Object.keys(parameters).length > 0 ? { ...parameters } : null,
      stageVariables: null,
      headers,
      multiValueHeaders: multiValue(headers),
      requestContext: {
        accountId: values['account-id'],
        resourceId: '123456',
        stage: values.stage,
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        requestTime: gatewayTime(SAMPLE_TIME),
        requestTimeEpoch: SAMPLE_TIME.getTime(),
        identity: { ...identity, accountId: null, caller: null, user: null, userArn: null },
        path: `/${values.stage}${requestPath}`,
        resourcePath: absolutePath(values.resource),
        httpMethod: values.method,
        apiId: API_ID,
        protocol: 'HTTP/1.1',
        domainName: host,
        domainPrefix: API_ID,
      },
    };
  },
});

export const apiGatewayHttpApiProxy = defineSampleEvent({
  service: 'apigateway',
  event: 'http-api-proxy',
  describe: 'An HTTP API Lambda proxy request (payload format 2.0)',
  parameters: {
    body,
    stage: { default: '$default', describe: 'Stage name ($default has no path prefix)' },
    method,
    path,
    'account-id': accountId,
    'dns-suffix': dnsSuffix,
  },
  build(values) {
    const host = `${API_ID}.execute-api.${values['dns-suffix']}`;
    // Only a named stage shows in the path a client requested.
    const rawPath =
      values.stage === '$default' ? absolutePath(values.path) : `/${values.stage}${absolutePath(values.path)}`;
    const headers = lowerCaseNames(forwardedHeaders(host));
    return {
      version: '2.0',
      routeKey: '$default',
      rawPath,
      rawQueryString: '',
      headers,
      requestContext: {
        accountId: values['account-id'],
        apiId: API_ID,
        domainName: host,
        domainPrefix: API_ID,
        http: { method: values.method, path: rawPath, protocol: 'HTTP/1.1', ...identity },
        requestId: 'JKJaXmPLvHcESHA=',
        routeKey: '$default',
        stage: values.stage,
        time: gatewayTime(SAMPLE_TIME),
        timeEpoch: SAMPLE_TIME.getTime(),
      },
      body: values.body,
      isBase64Encoded: false,
    };
  },
});

const authorizerParameters = {
  'account-id': accountId,
  partition,
  region,
  method: { ...method, default: 'GET' },
  restApiId: { default: 'abcdef123', describe: 'REST API id in the method ARN' },
} as const;

function methodArn(values: Readonly<Record<keyof typeof authorizerParameters | 'stage' | 'resource', string>>): string {
  const resource = values.resource.replace(/^\/+/, '');
  return `arn:${values.partition}:execute-api:${values.region}:${values['account-id']}:${values.restApiId}/${values.stage}/${values.method}/${resource}`;
}

export const apiGatewayAuthorizer = defineSampleEvent({
  service: 'apigateway',
  event: 'authorizer',
  describe: 'A REST API TOKEN authorizer request',
  parameters: {
    ...authorizerParameters,
    method: { ...method, default: 'POST' },
    stage: { default: 'prod', describe: 'Stage name' },
    resource: { default: '{proxy+}', describe: 'Resource path in the method ARN' },
    token: { default: 'incoming-client-token', describe: 'The caller’s token (the Authorization header)' },
  },
  build: (values) => ({ type: 'TOKEN', authorizationToken: values.token, methodArn: methodArn(values) }),
});

export const apiGatewayRequestAuthorizer = defineSampleEvent({
  service: 'apigateway',
  event: 'request-authorizer',
  describe: 'A REST API REQUEST authorizer request',
  parameters: {
    ...authorizerParameters,
    stage: { default: 'test', describe: 'Stage name' },
    resource: { default: 'request', describe: 'Resource path the request is for' },
  },
  build(values) {
    const host = `${values.restApiId}.execute-api.${values.region}.amazonaws.com`;
    const resourcePath = absolutePath(values.resource);
    const headers = forwardedHeaders(host);
    return {
      type: 'REQUEST',
      methodArn: methodArn(values),
      resource: resourcePath,
      path: resourcePath,
      httpMethod: values.method,
      headers,
      multiValueHeaders: multiValue(headers),
      queryStringParameters: {},
      multiValueQueryStringParameters: {},
      pathParameters: {},
      stageVariables: {},
      requestContext: {
        path: `/${values.stage}${resourcePath}`,
        accountId: values['account-id'],
        resourceId: '05c7jb',
        stage: values.stage,
        requestId: 'a3f1c6d4-1b2e-11e9-a6c9-aa2c8ea1d5f0',
        identity: { ...identity, apiKey: '' },
        resourcePath,
        httpMethod: values.method,
        apiId: values.restApiId,
      },
    };
  },
});

export const albRequest = defineSampleEvent({
  service: 'alb',
  event: 'request',
  describe: 'An Application Load Balancer request to a Lambda target',
  parameters: {
    body,
    method,
    path,
    'account-id': accountId,
    'dns-suffix': { default: 'us-east-2.elb.amazonaws.com', describe: "DNS suffix of the load balancer's host name" },
  },
  build(values) {
    const headers = lowerCaseNames(forwardedHeaders(`lambda-alb-123578498.${values['dns-suffix']}`));
    return {
      requestContext: {
        elb: {
          targetGroupArn: `arn:aws:elasticloadbalancing:us-east-2:${values['account-id']}:targetgroup/lambda-target/0123456789abcdef`,
        },
      },
      httpMethod: values.method,
      path: absolutePath(values.path),
      queryStringParameters: {},
      headers,
      body: values.body,
      isBase64Encoded: false,
    };
  },
});
