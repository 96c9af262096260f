import { isPlainObject } from '@toolkit/intrinsics';
import { apiV2AuthorizerPermission } from './apiv2-authorizer-permission.ts';
import { apiV2Domain } from './apiv2-domain.ts';
import { pythonTruthy } from './open-api-editor.ts';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { isIntrinsic } from './sam-intrinsic.ts';
import { checkPropertyTypes, type SamPropertyType } from './sam-property-types.ts';
import { SamResourceError } from './sam-resource-error.ts';
import {
  definedProperties,
  isSet,
  passthroughAttributes,
  type SamExpansion,
  type SamScope,
  supportedAttributes,
} from './sam-scope.ts';

type Doc = Record<string, unknown>;
const TAG_NAME = 'websocketapi:createdBy';
const DEFAULT_STAGE = 'default';
const SPECIAL_ROUTES = ['$connect', '$disconnect', '$default'];

/** samtranslator's `SamWebSocketApi.property_types` (Routes and RouteSelectionExpression are required). */
const PROPERTY_TYPES = new Map<string, SamPropertyType>([
  ['ApiKeySelectionExpression', 'string'],
  ['AccessLogSettings', 'map'],
  ['Auth', 'map'],
  ['DefaultRouteSettings', 'map'],
  ['Description', 'string'],
  ['DisableExecuteApiEndpoint', 'bool'],
  ['Domain', 'map'],
  ['DisableSchemaValidation', 'bool'],
  ['FailOnWarnings', 'bool'],
  ['IpAddressType', 'string'],
  ['Name', 'string'],
  ['PropagateTags', 'bool'],
  ['Routes', 'map'],
  ['RouteSettings', 'map'],
  ['RouteSelectionExpression', 'string'],
  ['StageName', ['string', 'map']],
  ['StageVariables', 'map'],
  ['Tags', 'map'],
]);

/**
 * `AWS::Serverless::WebSocketApi` → a WEBSOCKET `AWS::ApiGatewayV2::Api`, a Route, Lambda Integration
 * and Permission per route, its Stage (`default` unless named), the `$connect` route's authorizer,
 * and a custom domain, as samtranslator's `WebSocketApiGenerator` makes them.
 */
export function transformWebSocketApi(logicalId: string, resource: Doc, scope: SamScope): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  checkPropertyTypes(logicalId, 'AWS::Serverless::WebSocketApi', p, PROPERTY_TYPES, [
    'Routes',
    'RouteSelectionExpression',
  ]);
  const fail = (reason: string): never => {
    throw new SamResourceError(logicalId, reason);
  };
  const auth = resolveParameterRefs(p['Auth'], scope.parameters) as Doc | undefined;
  const domainConfig = resolveParameterRefs(p['Domain'], scope.parameters) as Doc | undefined;
  const routes = resolveParameterRefs(p['Routes'], scope.parameters) as Record<string, Doc>;
  const stageName = isSet(p['StageName']) ? p['StageName'] : DEFAULT_STAGE;
  if (!pythonTruthy(routes)) fail('WebSocket API must have at least one route.');
  const ip = p['IpAddressType'];
  if (isSet(ip) && !isIntrinsic(ip) && ip !== 'ipv4' && ip !== 'dualstack')
    fail("IpAddressType must be 'ipv4' or 'dualstack'.");
  if (pythonTruthy(domainConfig) && pythonTruthy(domainConfig!['MutualTlsAuthentication']))
    fail('Mutual TLS domain name association is not supported for Websocket APIs.');
  if (pythonTruthy(auth) && !('$connect' in routes)) fail('Authorization is only available if there is a $connect route.'); // prettier-ignore
  const attributes = passthroughAttributes(resource);
  const tags = (pythonTruthy(p['Tags']) ? p['Tags'] : {}) as Doc;
  tags[TAG_NAME] = 'SAM';
  const api: Doc = { Type: 'AWS::ApiGatewayV2::Api', ...supportedAttributes(resource) };
  if ('DependsOn' in resource) api['DependsOn'] = resource['DependsOn'];
  api['Properties'] = definedProperties({
    ApiKeySelectionExpression: p['ApiKeySelectionExpression'],
    Description: p['Description'],
    DisableExecuteApiEndpoint: p['DisableExecuteApiEndpoint'],
    DisableSchemaValidation: p['DisableSchemaValidation'],
    IpAddressType: ip,
    Name: isSet(p['Name']) ? p['Name'] : logicalId,
    RouteSelectionExpression: p['RouteSelectionExpression'],
    Tags: tags,
    ProtocolType: 'WEBSOCKET',
  });
  const resources: Record<string, Doc> = { [logicalId]: api };
  const referableProperties: Record<string, string> = {};
  const tagged: Doc[] = [];
  if (isSet(domainConfig)) {
    // samtranslator hands WebSocket APIs a Route53 group map of their own (its keyword differs), so none is shared.
    const groups = new Map<string, Doc>();
    const domain = apiV2Domain(logicalId, domainConfig!, { tagName: TAG_NAME, attributes }, groups);
    Object.assign(resources, { [domain.domainId]: domain.domain }, domain.mappings);
    if (domain.recordSetGroupId !== undefined)
      resources[domain.recordSetGroupId] = groups.get(domain.recordSetGroupId)!;
    referableProperties['DomainName'] = domain.domainId;
    tagged.push(domain.domain);
  }
  if (stageName === '$default') fail('Stages cannot be named $default for WebSocket APIs.');
  const prefix = typeof stageName === 'string' ? stageName : '';
  const stageId = prefix === DEFAULT_STAGE ? `${logicalId}DefaultStage` : `${logicalId}${prefix}Stage`;
  const routeIds: string[] = [];
  let authorizerId: string | undefined;
  for (const [routeKey, spec] of Object.entries(routes)) {
    const built = routeResources(logicalId, routeKey, spec, stageName, auth, attributes, fail);
    Object.assign(resources, built.resources);
    routeIds.push(built.routeId);
    authorizerId ??= built.authorizerId;
  }
  const stage: Doc = { Type: 'AWS::ApiGatewayV2::Stage', ...attributes };
  if (pythonTruthy(p['RouteSettings']) && routeIds.length > 0) stage['DependsOn'] = routeIds;
  stage['Properties'] = definedProperties({
    ApiId: { Ref: logicalId },
    StageName: stageName,
    StageVariables: p['StageVariables'],
    AccessLogSettings: p['AccessLogSettings'],
    DefaultRouteSettings: p['DefaultRouteSettings'],
    Tags: { [TAG_NAME]: 'SAM' },
    AutoDeploy: true,
    RouteSettings: p['RouteSettings'],
  });
  resources[stageId] = stage;
  referableProperties['Stage'] = stageId;
  tagged.push(stage);
  if (authorizerId !== undefined) Object.assign(resources, connectAuthorizer(logicalId, auth!, attributes));
  // PropagateTags: the Stage and DomainName take the API's Tags (with SAM's own tag).
  if (p['PropagateTags'] && pythonTruthy(p['Tags']))
    for (const generated of tagged) (generated['Properties'] as Doc)['Tags'] = p['Tags'];
  return { resources, referableProperties };
}

function routeResources(
  apiId: string,
  routeKey: string,
  spec: Doc,
  stageName: unknown,
  auth: Doc | undefined,
  attributes: Doc,
  fail: (reason: string) => never,
): { resources: Record<string, Doc>; routeId: string; authorizerId: string | undefined } {
  const clean = SPECIAL_ROUTES.includes(routeKey)
    ? capitalize(routeKey.replace('$', ''))
    : /^[\p{L}\p{N}]+$/u.test(routeKey)
      ? capitalize(routeKey)
      : fail(`Route key '${routeKey}' must be alphanumeric. Only $connect, $disconnect, and $default special routes are supported.`); // prettier-ignore
  const base = `${apiId}${clean}`;
  const route: Doc = definedProperties({
    RouteKey: routeKey,
    ApiId: { Ref: apiId },
    ApiKeyRequired: spec['ApiKeyRequired'],
    ModelSelectionExpression: spec['ModelSelectionExpression'],
    OperationName: spec['OperationName'],
    RequestModels: spec['RequestModels'],
  });
  if (pythonTruthy(spec['RequestParameters'])) {
    if (routeKey !== '$connect')
      fail('Request parameters are only supported for the $connect route in WebSocket APIs.');
    route['RequestParameters'] = spec['RequestParameters'];
  }
  if (isSet(spec['RouteResponseSelectionExpression']))
    route['RouteResponseSelectionExpression'] = spec['RouteResponseSelectionExpression'];
  route['Target'] = { 'Fn::Join': ['/', ['integrations', { Ref: `${base}Integration` }]] };
  let authorizerId: string | undefined;
  if (pythonTruthy(auth)) {
    const authType = validateAuth(auth!, fail);
    if (routeKey === '$connect') {
      if (authType === 'CUSTOM') {
        authorizerId = `${apiId}ConnectAuthorizer`;
        route['AuthorizationType'] = 'CUSTOM';
        route['AuthorizerId'] = { Ref: authorizerId };
      } else route['AuthorizationType'] = authType === 'AWS_IAM' ? 'AWS_IAM' : 'NONE';
    }
  }
  if (!('FunctionArn' in spec)) fail('Route must have associated function.');
  const integration = definedProperties({
    ApiId: { Ref: apiId },
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: {
      'Fn::Sub': [
        'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations',
        { FunctionArn: spec['FunctionArn'] },
      ],
    },
    TimeoutInMillis: spec['IntegrationTimeout'],
  });
  const arn = `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiId}.ApiId}/`;
  const sourceArn =
    typeof stageName === 'string'
      ? { 'Fn::Sub': `${arn}${stageName}/${routeKey}` }
      : { 'Fn::Sub': [`${arn}\${__StageName__}/${routeKey}`, { __StageName__: stageName }] };
  return {
    routeId: `${base}Route`,
    authorizerId,
    resources: {
      [`${base}Route`]: { Type: 'AWS::ApiGatewayV2::Route', ...attributes, Properties: route },
      [`${base}Integration`]: { Type: 'AWS::ApiGatewayV2::Integration', ...attributes, Properties: integration },
      [`${base}Permission`]: {
        Type: 'AWS::Lambda::Permission',
        ...attributes,
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: spec['FunctionArn'],
          Principal: 'apigateway.amazonaws.com',
          SourceArn: sourceArn,
        },
      },
    },
  };
}

/** samtranslator's `_validate_auth`: the (upper-cased) AuthType, checked against the other settings. */
function validateAuth(auth: Doc, fail: (reason: string) => never): string {
  const given = auth['AuthType'];
  if (!given) return fail('AuthType must be specified for additional auth configurations.');
  const authType = String(given).toUpperCase();
  if (!['NONE', 'AWS_IAM', 'CUSTOM'].includes(authType)) fail('AuthType is not one of AWS_IAM, CUSTOM or NONE.');
  if (authType === 'CUSTOM' && !auth['AuthArn']) fail('AuthArn must be specified if AuthType is CUSTOM.');
  if (authType !== 'CUSTOM' && Object.keys(auth).length > 1)
    fail(`No additional configurations supported for AuthType ${authType}.`);
  // samtranslator compares the AuthType as written when it sets the route's authorization.
  return String(given);
}

/** The `$connect` route's REQUEST authorizer, and its invoke permission unless an InvokeRole is given. */
function connectAuthorizer(apiId: string, auth: Doc, attributes: Doc): Record<string, Doc> {
  const authorizerId = `${apiId}ConnectAuthorizer`;
  const properties: Doc = { ApiId: { Ref: apiId } };
  if ('InvokeRole' in auth) properties['AuthorizerCredentialsArn'] = auth['InvokeRole'];
  properties['AuthorizerType'] = 'REQUEST';
  if ('AuthArn' in auth)
    properties['AuthorizerUri'] = {
      'Fn::Sub': [
        'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthArn}/invocations',
        { AuthArn: auth['AuthArn'] },
      ],
    };
  if (isSet(auth['IdentitySource'])) properties['IdentitySource'] = auth['IdentitySource'];
  properties['Name'] = auth['Name'] || authorizerId;
  const result: Record<string, Doc> = {
    [authorizerId]: { Type: 'AWS::ApiGatewayV2::Authorizer', ...attributes, Properties: properties },
  };
  if (auth['AuthType'] === 'CUSTOM' && !auth['InvokeRole'] && auth['AuthArn'])
    result[`${apiId}AuthorizerPermission`] = apiV2AuthorizerPermission(apiId, auth['AuthArn'], attributes);
  return result;
}

/** Python's `str.capitalize()`: the first character upper case, the rest lower case. */
function capitalize(text: string): string {
  return text.slice(0, 1).toUpperCase() + text.slice(1).toLowerCase();
}
