import { pythonTruthy } from './open-api-editor.ts';
import { samExpect } from './sam-expect.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { isSet } from './sam-scope.ts';

/** One authorizer of an HTTP (or WebSocket) API's `Auth`, as samtranslator's `ApiGatewayV2Authorizer` holds it. */
export interface HttpApiAuthorizer {
  name: string;
  kind: 'AWS_IAM' | 'JWT' | 'REQUEST';
  authorizationScopes?: unknown;
  jwtConfiguration?: Record<string, unknown>;
  identitySource?: unknown;
  functionArn?: unknown;
  functionInvokeRole?: unknown;
  identity?: unknown;
  payloadFormatVersion?: unknown;
  enableSimpleResponses?: unknown;
  enableFunctionDefaultPermissions?: unknown;
}

// Property → (its SAM name, the authorizer kind it belongs to), in samtranslator's checking order.
const PROPERTY_DISPLAY: ReadonlyArray<[keyof HttpApiAuthorizer, string, 'JWT' | 'REQUEST', string]> = [
  ['authorizationScopes', 'AuthorizationScopes', 'JWT', 'OAuth2 Authorizer'],
  ['jwtConfiguration', 'JwtConfiguration', 'JWT', 'OAuth2 Authorizer'],
  [
    'identitySource',
    'IdentitySource',
    'JWT',
    "OAuth2 Authorizer. For Lambda Authorizer, use the 'Identity' property instead",
  ],
  ['functionArn', 'FunctionArn', 'REQUEST', 'Lambda Authorizer'],
  ['functionInvokeRole', 'FunctionInvokeRole', 'REQUEST', 'Lambda Authorizer'],
  ['identity', 'Identity', 'REQUEST', 'Lambda Authorizer'],
  ['payloadFormatVersion', 'AuthorizerPayloadFormatVersion', 'REQUEST', 'Lambda Authorizer'],
  ['enableSimpleResponses', 'EnableSimpleResponses', 'REQUEST', 'Lambda Authorizer'],
  ['enableFunctionDefaultPermissions', 'EnableFunctionDefaultPermissions', 'REQUEST', 'Lambda Authorizer'],
];

/**
 * The API's authorizers by name (`AWS_IAM` first when EnableIamAuthorizer is true), checked as
 * samtranslator checks them; `Map` keeps untrusted names off plain objects.
 */
export function httpApiAuthorizers(
  apiId: string,
  config: unknown,
  enableIamAuthorizer: unknown,
): Map<string, HttpApiAuthorizer> {
  const authorizers = new Map<string, HttpApiAuthorizer>();
  if (enableIamAuthorizer === true) authorizers.set('AWS_IAM', { name: 'AWS_IAM', kind: 'AWS_IAM' });
  if (!pythonTruthy(config)) return authorizers;
  const entries = samExpect<Record<string, unknown>>(config, apiId, 'Auth.Authorizers', 'map');
  for (const [name, entry] of Object.entries(entries)) {
    const authorizer = samExpect<Record<string, unknown>>(entry, apiId, `Auth.Authorizers.${name}`, 'map');
    if ('OpenIdConnectUrl' in authorizer)
      throw new SamResourceError(
        apiId,
        `'OpenIdConnectUrl' is no longer a supported property for authorizer '${name}'. Please refer to the AWS SAM documentation.`,
      );
    authorizers.set(name, makeAuthorizer(apiId, name, authorizer));
  }
  return authorizers;
}

function makeAuthorizer(apiId: string, name: string, p: Record<string, unknown>): HttpApiAuthorizer {
  const jwt = p['JwtConfiguration'];
  let jwtConfiguration: Record<string, unknown> | undefined;
  if (pythonTruthy(jwt)) {
    const map = samExpect<Record<string, unknown>>(jwt, apiId, 'JwtConfiguration', 'map');
    jwtConfiguration = Object.fromEntries(Object.entries(map).map(([key, value]) => [key.toLowerCase(), value]));
  }
  const authorizer: HttpApiAuthorizer = {
    name,
    kind: jwtConfiguration === undefined ? 'REQUEST' : 'JWT',
    authorizationScopes: p['AuthorizationScopes'],
    jwtConfiguration,
    identitySource: p['IdentitySource'],
    functionArn: p['FunctionArn'],
    functionInvokeRole: p['FunctionInvokeRole'],
    identity: p['Identity'],
    payloadFormatVersion: p['AuthorizerPayloadFormatVersion'],
    enableSimpleResponses: p['EnableSimpleResponses'],
    enableFunctionDefaultPermissions: p['EnableFunctionDefaultPermissions'],
  };
  if (isSet(authorizer.authorizationScopes) && !Array.isArray(authorizer.authorizationScopes))
    throw new SamResourceError(apiId, 'AuthorizationScopes must be a list.');
  for (const [key, display, kind, allowedFor] of PROPERTY_DISPLAY)
    if (isSet(authorizer[key]) && kind !== authorizer.kind)
      throw new SamResourceError(apiId, `${display} is only supported for ${allowedFor}.`);
  if (authorizer.kind === 'JWT' && !pythonTruthy(authorizer.identitySource))
    throw new SamResourceError(apiId, `${name} OAuth2 Authorizer must define 'IdentitySource'.`);
  if (authorizer.kind === 'REQUEST') {
    if (!pythonTruthy(authorizer.functionArn))
      throw new SamResourceError(apiId, `${name} Lambda Authorizer must define 'FunctionArn'.`);
    if (!pythonTruthy(authorizer.payloadFormatVersion))
      throw new SamResourceError(apiId, `${name} Lambda Authorizer must define 'AuthorizerPayloadFormatVersion'.`);
  }
  if (isSet(authorizer.enableFunctionDefaultPermissions))
    samExpect(
      authorizer.enableFunctionDefaultPermissions,
      apiId,
      `Authorizers.${name}.EnableFunctionDefaultPermissions`,
      'boolean',
    );
  return authorizer;
}

/** The authorizer's `components.securitySchemes` entry. */
export function authorizerOpenApi(apiId: string, authorizer: HttpApiAuthorizer, partition: string): unknown {
  if (authorizer.kind === 'AWS_IAM')
    return { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  if (authorizer.kind === 'JWT')
    return {
      type: 'oauth2',
      'x-amazon-apigateway-authorizer': {
        jwtConfiguration: authorizer.jwtConfiguration,
        identitySource: authorizer.identitySource,
        type: 'jwt',
      },
    };
  const settings: Record<string, unknown> = {
    type: 'request',
    authorizerUri: {
      'Fn::Sub': [
        `arn:${partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${__FunctionArn__}/invocations`,
        { __FunctionArn__: authorizer.functionArn },
      ],
    },
  };
  const role = authorizer.functionInvokeRole;
  if (pythonTruthy(role) && role !== 'NONE') settings['authorizerCredentials'] = role;
  if (pythonTruthy(authorizer.identity)) {
    const identity = samExpect<Record<string, unknown>>(
      authorizer.identity,
      apiId,
      `Auth.Authorizers.${authorizer.name}.Identity`,
      'map',
    );
    if (isSet(identity['ReauthorizeEvery'])) settings['authorizerResultTtlInSeconds'] = identity['ReauthorizeEvery'];
    settings['identitySource'] = identitySource(apiId, authorizer.name, identity);
  }
  settings['authorizerPayloadFormatVersion'] = authorizer.payloadFormatVersion;
  if (pythonTruthy(authorizer.enableSimpleResponses))
    settings['enableSimpleResponses'] = authorizer.enableSimpleResponses;
  return { type: 'apiKey', name: 'Unused', in: 'header', 'x-amazon-apigateway-authorizer': settings };
}

function identitySource(apiId: string, name: string, identity: Record<string, unknown>): string[] {
  const sources: string[] = [];
  for (const [prefix, property] of [
    ['$request.header.', 'Headers'],
    ['$request.querystring.', 'QueryStrings'],
    ['$stageVariables.', 'StageVariables'],
    ['$context.', 'Context'],
  ] as const) {
    const values = identity[property];
    if (!pythonTruthy(values)) continue;
    const path = `Authorizers.${name}.Identity.${property}`;
    const list = samExpect<unknown[]>(values, apiId, path, 'list');
    list.forEach((value, index) => samExpect(value, apiId, `${path}[${index}]`, 'string'));
    sources.push(...list.map((value) => prefix + String(value)));
  }
  return sources;
}
