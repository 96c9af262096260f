import { isPlainObject } from '@toolkit/intrinsics';
import { apiV2AuthorizerPermission } from './apiv2-authorizer-permission.ts';
import { apiV2Domain } from './apiv2-domain.ts';
import { httpApiAuthorizers } from './http-api-authorizers.ts';
import { addAuth, addCors, addEndpointConfig, addInfo, addTags, type HttpApiBodyInput } from './http-api-definition.ts';
import { DEFAULT_PATH, pythonTruthy } from './open-api-editor.ts';
import { usesPy27Dicts } from './py27-template.ts';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { checkPropertyTypes, type SamPropertyType } from './sam-property-types.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { samLogicalId } from './sam-logical-id.ts';
import {
  definedProperties,
  isSet,
  passthroughAttributes,
  type SamExpansion,
  type SamScope,
  supportedAttributes,
} from './sam-scope.ts';

type Doc = Record<string, unknown>;
const TAG_NAME = 'httpapi:createdBy';

/** samtranslator's `SamHttpApi.property_types`. */
const PROPERTY_TYPES = new Map<string, SamPropertyType>([
  ['__MANAGE_SWAGGER', 'bool'],
  ['Name', 'any'],
  ['StageName', ['string', 'map']],
  ['Tags', 'map'],
  ['PropagateTags', 'bool'],
  ['DefinitionBody', 'map'],
  ['DefinitionUri', ['string', 'map']],
  ['StageVariables', 'map'],
  ['CorsConfiguration', ['bool', 'map']],
  ['AccessLogSettings', 'map'],
  ['DefaultRouteSettings', 'map'],
  ['Auth', 'map'],
  ['RouteSettings', 'map'],
  ['Domain', 'map'],
  ['FailOnWarnings', 'bool'],
  ['Description', 'string'],
  ['DisableExecuteApiEndpoint', 'bool'],
]);

/**
 * `AWS::Serverless::HttpApi` → `AWS::ApiGatewayV2::Api` with its OpenAPI body (the HttpApi events'
 * routes are already in it), its Stage, custom domain with mappings and Route53 records, and the
 * Lambda authorizers' permissions, as samtranslator's `HttpApiGenerator` makes them.
 */
export function transformHttpApi(logicalId: string, resource: Record<string, unknown>, scope: SamScope): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  checkPropertyTypes(logicalId, 'AWS::Serverless::HttpApi', p, PROPERTY_TYPES);
  const cors = resolveParameterRefs(p['CorsConfiguration'], scope.parameters);
  const domainConfig = resolveParameterRefs(p['Domain'], scope.parameters);
  const stageName = pythonTruthy(p['StageName']) ? p['StageName'] : DEFAULT_PATH;
  const attributes = passthroughAttributes(resource);
  const { api, tags } = buildApi(logicalId, resource, p, cors, scope);
  const resources: Record<string, Record<string, unknown>> = { [logicalId]: api };
  let domainId: string | undefined;
  if (isSet(domainConfig)) {
    const domain = apiV2Domain(logicalId, domainConfig as Doc, { tagName: TAG_NAME, attributes }, scope.recordSetGroups); // prettier-ignore
    domainId = domain.domainId;
    resources[domain.domainId] = domain.domain;
    Object.assign(resources, domain.mappings);
    if (domain.recordSetGroupId !== undefined)
      resources[domain.recordSetGroupId] = scope.recordSetGroups.get(domain.recordSetGroupId)!;
  }
  Object.assign(resources, authorizerPermissions(logicalId, p['Auth'], attributes));
  const stageId = stageLogicalId(logicalId, stageName);
  resources[stageId] = {
    Type: 'AWS::ApiGatewayV2::Stage',
    ...attributes,
    Properties: definedProperties({
      ApiId: { Ref: logicalId },
      StageName: stageName,
      StageVariables: p['StageVariables'],
      AccessLogSettings: p['AccessLogSettings'],
      DefaultRouteSettings: p['DefaultRouteSettings'],
      Tags: tags,
      AutoDeploy: true,
      RouteSettings: p['RouteSettings'],
    }),
  };
  // PropagateTags is in effect whenever the body is inline: the Stage and DomainName take the Tags.
  if (pythonTruthy(p['Tags']) && isSet(p['DefinitionBody']))
    for (const id of [stageId, domainId])
      if (id !== undefined) (resources[id]!['Properties'] as Doc)['Tags'] = p['Tags'];
  const referableProperties: Record<string, string> = { Stage: stageId };
  if (domainId !== undefined) referableProperties['DomainName'] = domainId;
  return { resources, referableProperties };
}

function buildApi(logicalId: string, resource: Doc, p: Doc, cors: unknown, scope: SamScope) {
  const definitionUri = p['DefinitionUri'];
  if (pythonTruthy(definitionUri) && pythonTruthy(p['DefinitionBody']))
    throw new SamResourceError(logicalId, "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.");
  const input: HttpApiBodyInput = {
    apiId: logicalId,
    body: p['DefinitionBody'] as Doc | undefined,
    cors,
    auth: p['Auth'],
    tags: p['Tags'] as Doc | undefined,
    partition: scope.partition,
    py27Order: usesPy27Dicts(scope.resources),
  };
  if (pythonTruthy(cors)) input.body = addCors(input);
  input.body = addAuth(input);
  const tagged = addTags(input, TAG_NAME);
  let body = tagged.body;
  const api: Doc = { Type: 'AWS::ApiGatewayV2::Api', ...supportedAttributes(resource) };
  if ('DependsOn' in resource) api['DependsOn'] = resource['DependsOn'];
  const properties: Doc = {};
  if (pythonTruthy(p['FailOnWarnings'])) properties['FailOnWarnings'] = p['FailOnWarnings'];
  if (isSet(p['DisableExecuteApiEndpoint'])) body = addEndpointConfig(logicalId, body, p['DisableExecuteApiEndpoint']);
  body = addInfo(logicalId, body, 'title', p['Name']);
  body = addInfo(logicalId, body, 'description', p['Description']);
  if (pythonTruthy(p['FailOnWarnings']) && pythonTruthy(body) && isPlainObject(body!['paths'])) {
    const paths = body!['paths'];
    if (DEFAULT_PATH in paths) {
      paths[`/${DEFAULT_PATH}`] = paths[DEFAULT_PATH];
      delete paths[DEFAULT_PATH];
    }
  }
  if (pythonTruthy(definitionUri)) properties['BodyS3Location'] = bodyS3Location(logicalId, definitionUri);
  else if (pythonTruthy(body)) properties['Body'] = body;
  else
    throw new SamResourceError(
      logicalId,
      "'DefinitionUri' or 'DefinitionBody' are required properties of an 'AWS::Serverless::HttpApi'. Add a value for one of these properties or add a 'HttpApi' event to an 'AWS::Serverless::Function'.",
    );
  api['Properties'] = properties;
  return { api, tags: tagged.tags };
}

/** A permission for each Lambda authorizer with EnableFunctionDefaultPermissions. */
function authorizerPermissions(apiId: string, auth: unknown, attributes: Doc): Record<string, Doc> {
  if (!pythonTruthy(auth)) return {};
  const config = auth as Doc;
  const permissions: Record<string, Doc> = {};
  for (const [name, authorizer] of httpApiAuthorizers(apiId, config['Authorizers'], config['EnableIamAuthorizer'])) {
    if (!authorizer.functionArn || !authorizer.enableFunctionDefaultPermissions) continue;
    permissions[`${apiId}${name}AuthorizerPermission`] = apiV2AuthorizerPermission(
      apiId,
      authorizer.functionArn,
      attributes,
    );
  }
  return permissions;
}

/** `<Api><Name>Stage` for an alphanumeric name, `<Api>ApiGatewayDefaultStage` for `$default`, else hashed. */
function stageLogicalId(apiId: string, stageName: unknown): string {
  const prefix = typeof stageName === 'string' ? stageName : '';
  if (/^[\p{L}\p{N}]+$/u.test(prefix)) return `${apiId}${prefix}Stage`;
  if (prefix === DEFAULT_PATH) return `${apiId}ApiGatewayDefaultStage`;
  return samLogicalId(`${apiId}Stage`, prefix);
}

/** DefinitionUri as BodyS3Location: an S3 URI (with optional versionId) or a Bucket/Key(/Version) map. */
export function bodyS3Location(logicalId: string, uri: unknown): Doc {
  if (isPlainObject(uri)) {
    if (!uri['Bucket'] || !uri['Key'])
      throw new SamResourceError(logicalId, "'DefinitionUri' requires Bucket and Key properties to be specified.");
    return 'Version' in uri
      ? { Bucket: uri['Bucket'], Key: uri['Key'], Version: uri['Version'] }
      : { Bucket: uri['Bucket'], Key: uri['Key'] };
  }
  const match = typeof uri === 'string' ? /^s3:\/\/([^/]+)\/([^?]+)(?:\?versionId=(.+))?$/.exec(uri) : null;
  if (match === null)
    throw new SamResourceError(
      logicalId,
      "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
    );
  return match[3] === undefined
    ? { Bucket: match[1], Key: match[2] }
    : { Bucket: match[1], Key: match[2], Version: match[3] };
}
