import { isPlainObject } from '@toolkit/intrinsics';
import { addApiAuth, authorizerPermissions } from './api-auth.ts';
import { addCors } from './api-cors.ts';
import { apiDomainResources } from './api-domain.ts';
import { usagePlanResources } from './api-usage-plan.ts';
import { validateApiProperties } from './api-property-types.ts';
import { addGatewayResponses, addModels } from './api-gateway-responses.ts';
import { apiDefinition } from './api-definition.ts';
import { IMPLICIT_REST_API } from './api-events.ts';
import { deploymentId, stageLogicalId } from './api-deployment.ts';
import { openApiPostprocess } from './api-openapi.ts';
import {
  bodyS3Location,
  edgeSupported,
  functionNamesOf,
  isTruthySwagger,
  setEndpointConfiguration,
} from './api-rest-api-properties.ts';
import { fromTemplate, isPyDict, py27Dict, toPlainJson, type Py27Dict } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { definedProperties, isSet, passthroughAttributes, type SamExpansion, type SamScope } from './sam-scope.ts';
import { invalidTemplate, isOpenApi3, pythonStr, SwaggerEditor, truthy } from './swagger-editor.ts';
import { tagList } from './sam-tags.ts';

/** Generated types whose `Tags` an Api's `PropagateTags` sets (those samtranslator models with a Tags property). */
const TAGGABLE_TYPES = [
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::DomainName',
  'AWS::ApiGateway::DomainNameV2',
  'AWS::ApiGateway::UsagePlan',
  'AWS::ApiGateway::ApiKey',
  'AWS::ApiGateway::DomainNameAccessAssociation',
];

/** RestApi properties copied as they are, in samtranslator's order. */
const REST_API_COPIED = ['FailOnWarnings', 'Name', 'Description', 'Mode', 'ApiKeySourceType', 'Policy'] as const;
const REST_API_COPIED_LAST = ['SecurityPolicy', 'EndpointAccessMode'] as const;

/**
 * `AWS::Serverless::Api` → `AWS::ApiGateway::RestApi` (its swagger as samtranslator edits it: event
 * integrations, auth, binary media types), its `<Api>Deployment<hash>` (the hash over the definition as
 * samtranslator computes it), its Stage and its authorizers' permissions. A `DefinitionUri` naming a local
 * file is the caller's to upload or inline before the transform.
 */
export function transformApi(logicalId: string, resource: Record<string, unknown>, scope: SamScope): SamExpansion {
  const p = withOpenApiVersionText(isPlainObject(resource['Properties']) ? resource['Properties'] : {});
  validateApiProperties(logicalId, p);
  const uri = p['DefinitionUri'];
  if (isSet(p['DefinitionBody']) && isSet(uri))
    throw new SamResourceError(logicalId, "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.");
  if (isSet(uri) && p['MergeDefinitions'])
    throw new SamResourceError(logicalId, "Cannot set 'MergeDefinitions' to True when using `DefinitionUri`.");
  const openApiVersion = p['OpenApiVersion'];
  if (truthy(openApiVersion) && !/^[2-3](\.\d)(\.\d)?$/.test(pythonStr(openApiVersion)))
    throw new SamResourceError(logicalId, "The OpenApiVersion value must be of the format '3.0.0'.");
  const openApi = { version: openApiVersion, normalized: scope.featureToggles.has('normalized_open_api_version') };

  const attributes = passthroughAttributes(resource);
  const binaryMediaTypes = resolveParameterRefs(p['BinaryMediaTypes'], scope.parameters);
  const restApi: Record<string, unknown> = {
    BinaryMediaTypes: binaryMediaTypes,
    MinimumCompressionSize: p['MinimumCompressionSize'],
  };
  if (isSet(p['EndpointConfiguration'])) setEndpointConfiguration(logicalId, restApi, p['EndpointConfiguration']);
  // Partitions without edge-optimized API Gateway get an explicit REGIONAL endpoint.
  else if (!edgeSupported(scope.partition)) setEndpointConfiguration(logicalId, restApi, 'REGIONAL');

  let body = apiDefinition(logicalId, p, scope).body;
  body = addCors(logicalId, fromTemplate(p['Cors']), body);
  const auth = fromTemplate(resolveParameterRefs(p['Auth'], scope.parameters));
  // The implicit API's `Prod` is samtranslator's own string; any other StageName is the template's.
  const stageName =
    logicalId === IMPLICIT_REST_API && p['StageName'] === 'Prod' ? new PyStr('Prod') : fromTemplate(p['StageName']);
  body = addApiAuth(logicalId, auth, body, stageName, openApi, scope);
  body = addGatewayResponses(logicalId, fromTemplate(p['GatewayResponses']), body);
  if (truthy(binaryMediaTypes) && truthy(body)) {
    const editor = new SwaggerEditor(body);
    editor.addBinaryMediaTypes(fromTemplate(binaryMediaTypes));
    body = editor.swagger;
  }
  body = addModels(logicalId, fromTemplate(p['Models']), body, openApi);
  if (truthy(p['FailOnWarnings'])) restApi['FailOnWarnings'] = p['FailOnWarnings'];
  if (isSet(p['DisableExecuteApiEndpoint']))
    body = disableExecuteApiEndpoint(logicalId, body, p['DisableExecuteApiEndpoint']);
  let swagger: unknown;
  if (truthy(uri)) {
    const location = bodyS3Location(logicalId, uri);
    restApi['BodyS3Location'] = Object.fromEntries(
      location.entries.map(([key, value]) => [(key as PyStr).value, value]),
    );
    swagger = location;
  } else if (truthy(body)) {
    body = openApiPostprocess(body, openApi);
    restApi['Body'] = toPlainJson(body);
    swagger = body;
  }
  for (const name of REST_API_COPIED) if (p[name] && name !== 'FailOnWarnings') restApi[name] = p[name];
  for (const name of REST_API_COPIED_LAST) if (p[name]) restApi[name] = p[name];

  const domain = apiDomainResources(
    logicalId,
    resolveParameterRefs(p['Domain'], scope.parameters),
    attributes,
    scope.recordSetGroups,
  );
  const deployment: Record<string, unknown> = { RestApiId: { Ref: logicalId } };
  if (!openApiVersion) deployment['StageName'] = 'Stage';
  let deploymentLogicalId = `${logicalId}Deployment`;
  if (isSet(swagger) && isTruthySwagger(swagger)) {
    const id = deploymentId(logicalId, {
      swagger,
      openApiVersion,
      domain: domain?.hashedDomain,
      functionNames: functionNamesOf(logicalId, scope),
    });
    deploymentLogicalId = id.logicalId;
    deployment['Description'] = `RestApi deployment id: ${id.digest}`;
  }
  const stage = definedProperties({
    AccessLogSetting: p['AccessLogSetting'],
    CacheClusterEnabled: p['CacheClusterEnabled'],
    CacheClusterSize: p['CacheClusterSize'],
    CanarySetting: p['CanarySetting'],
    DeploymentId: { Ref: deploymentLogicalId },
    MethodSettings: p['MethodSettings'],
    RestApiId: { Ref: logicalId },
    StageName: p['StageName'],
    Tags: isSet(p['Tags']) ? tagList(p['Tags']) : undefined,
    TracingEnabled: p['TracingEnabled'],
    Variables: p['Variables'],
  });

  const rest: Record<string, unknown> = {
    Type: 'AWS::ApiGateway::RestApi',
    ...attributes,
    Properties: definedProperties(restApi),
  };
  if (isSet(resource['DependsOn'])) rest['DependsOn'] = resource['DependsOn'];
  if (isSet(resource['Metadata'])) rest['Metadata'] = resource['Metadata'];
  const stageId = stageLogicalId(logicalId, p['StageName']);
  const referable: Record<string, string> = { Stage: stageId, Deployment: deploymentLogicalId };
  if (domain !== undefined) referable[domain.v2 ? 'DomainNameV2' : 'DomainName'] = domain.domainId;
  const usagePlan = usagePlanResources(
    logicalId,
    resolveParameterRefs(p['Auth'], scope.parameters),
    stageId,
    attributes,
    scope,
  );
  Object.assign(referable, usagePlan?.referable);
  const resources: Record<string, Record<string, unknown>> = {
    [logicalId]: rest,
    [deploymentLogicalId]: { Type: 'AWS::ApiGateway::Deployment', ...attributes, Properties: deployment },
    [stageId]: { Type: 'AWS::ApiGateway::Stage', ...attributes, Properties: stage },
    ...authorizerPermissions(logicalId, auth, attributes, scope.partition),
    ...domain?.resources,
    ...usagePlan?.resources,
  };
  if (p['PropagateTags'] === true && isPlainObject(p['Tags']) && Object.keys(p['Tags']).length > 0)
    for (const generated of Object.values(resources))
      if (TAGGABLE_TYPES.includes(String(generated['Type'])))
        generated['Properties'] = { ...(generated['Properties'] as object), Tags: tagList(p['Tags']) };
  return { resources, referableProperties: referable };
}

/**
 * samtranslator's Globals plugin turns a numeric OpenApiVersion of a managed Api into text when it reads as
 * 3.x; a YAML `3.0` arrives here as the number 3, so it is read as the float it was written as.
 */
function withOpenApiVersionText(p: Record<string, unknown>): Record<string, unknown> {
  const version = p['OpenApiVersion'];
  if (typeof version !== 'number' || truthy(p['DefinitionBody']) || truthy(p['DefinitionUri'])) return p;
  const text = Number.isInteger(version) ? `${version}.0` : String(version);
  // Python's str(3.0): samtranslator's own string, not the template's.
  return isOpenApi3(text) ? { ...p, OpenApiVersion: new PyStr(text) } : p;
}

/** `DisableExecuteApiEndpoint` goes into the definition (OpenAPI 3: into each of its servers). */
function disableExecuteApiEndpoint(logicalId: string, body: unknown, disable: unknown): unknown {
  if (!truthy(body))
    throw new SamResourceError(logicalId, "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.");
  const editor = new SwaggerEditor(body);
  const openApi = editor.doc.get('openapi');
  if (truthy(openApi) && isOpenApi3(openApi)) {
    const servers = editor.doc.has('servers') ? editor.doc.get('servers') : [py27Dict()];
    if (!Array.isArray(servers))
      throw invalidTemplate(`Invalid OpenAPI definition of 'servers': ${pythonStr(servers)}.`);
    servers.forEach((server, index) => {
      if (!isPyDict(server))
        throw invalidTemplate(`Invalid OpenAPI definition of 'servers[${index}]': ${pythonStr(server)} is not a dict.`);
      deepSet(server, disable, `Invalid OpenAPI definition of 'servers[${index}]'`);
    });
    editor.doc.set(new PyStr('servers'), servers);
  } else {
    deepSet(editor.doc, disable, 'Invalid OpenAPI definition');
  }
  return editor.swagger;
}

/** `dict_deep_set(doc, "x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint", value)`. */
function deepSet(target: Py27Dict, value: unknown, where: string): void {
  const key = 'x-amazon-apigateway-endpoint-configuration';
  const existing = target.get(key);
  if (existing !== undefined && existing !== null && !isPyDict(existing))
    throw invalidTemplate(`${where}: The value of '${key}' should be a map.`);
  if (!isPyDict(existing)) target.set(new PyStr(key), py27Dict());
  (target.get(key) as Py27Dict).set(new PyStr('disableExecuteApiEndpoint'), value);
}
