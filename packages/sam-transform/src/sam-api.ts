import { isPlainObject } from '@toolkit/intrinsics';
import { deploymentId, stageLogicalId } from './api-deployment.ts';
import { restApiIdString } from './api-events.ts';
import { managedSwagger, toJson } from './api-swagger.ts';
import { PyDict, PyStr } from './py27-repr.ts';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { definedProperties, isSet, passthroughAttributes, type SamExpansion, type SamScope } from './sam-scope.ts';
import { tagList } from './sam-tags.ts';

/** RestApi properties copied as they are, in samtranslator's order. */
const REST_API_COPIED = ['FailOnWarnings', 'Name', 'Description', 'Mode', 'ApiKeySourceType', 'Policy'] as const;
const REST_API_COPIED_LAST = ['SecurityPolicy', 'EndpointAccessMode'] as const;

/** Api features that generate more than the RestApi, Deployment and Stage; not reproduced yet. */
const NOT_EMULATED = ['Auth', 'Cors', 'Domain', 'GatewayResponses', 'Models', 'DisableExecuteApiEndpoint'] as const;

/**
 * `AWS::Serverless::Api` with a `DefinitionBody` or an S3 `DefinitionUri` → `AWS::ApiGateway::RestApi`,
 * its `<Api>Deployment<hash>` (the hash over the definition as samtranslator computes it) and its Stage.
 * A `DefinitionUri` naming a local file is the caller's to upload or inline before the transform.
 */
export function transformApi(logicalId: string, resource: Record<string, unknown>, scope: SamScope): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  const body = p['DefinitionBody'];
  const uri = p['DefinitionUri'];
  if (isSet(body) && isSet(uri))
    throw new SamResourceError(logicalId, "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.");
  if (isSet(uri) && p['MergeDefinitions'])
    throw new SamResourceError(logicalId, "Cannot set 'MergeDefinitions' to True when using `DefinitionUri`.");
  for (const name of NOT_EMULATED)
    if (isSet(p[name])) scope.notEmulated(`${logicalId}: property ${name} of AWS::Serverless::Api is not emulated`);

  const attributes = passthroughAttributes(resource);
  const restApi: Record<string, unknown> = {
    BinaryMediaTypes: resolveParameterRefs(p['BinaryMediaTypes'], scope.parameters),
    MinimumCompressionSize: p['MinimumCompressionSize'],
  };
  if (isSet(p['EndpointConfiguration'])) setEndpointConfiguration(logicalId, restApi, p['EndpointConfiguration']);
  // Partitions without edge-optimized API Gateway get an explicit REGIONAL endpoint.
  else if (!edgeSupported(scope.partition)) setEndpointConfiguration(logicalId, restApi, 'REGIONAL');
  let swagger: unknown;
  if (isSet(uri)) {
    const location = bodyS3Location(logicalId, uri);
    restApi['BodyS3Location'] = Object.fromEntries(
      location.entries.map(([key, value]) => [(key as PyStr).value, value]),
    );
    swagger = location;
  } else if (isSet(body)) {
    restApi['Body'] = body;
    swagger = body;
  } else {
    swagger = managedSwagger(logicalId, scope);
    restApi['Body'] = toJson(swagger);
  }
  for (const name of REST_API_COPIED) if (p[name]) restApi[name] = p[name];
  for (const name of REST_API_COPIED_LAST) if (p[name]) restApi[name] = p[name];

  const deployment: Record<string, unknown> = { RestApiId: { Ref: logicalId } };
  if (!p['OpenApiVersion']) deployment['StageName'] = 'Stage';
  let deploymentLogicalId = `${logicalId}Deployment`;
  if (isSet(swagger) && isTruthySwagger(swagger)) {
    const id = deploymentId(logicalId, {
      swagger,
      openApiVersion: p['OpenApiVersion'],
      domain: p['Domain'],
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
  return {
    resources: {
      [logicalId]: rest,
      [deploymentLogicalId]: { Type: 'AWS::ApiGateway::Deployment', ...attributes, Properties: deployment },
      [stageLogicalId(logicalId, p['StageName'])]: { Type: 'AWS::ApiGateway::Stage', ...attributes, Properties: stage },
    },
  };
}

/** The RestApi's BodyS3Location, as samtranslator builds it (a Py27Dict of Bucket, Key and Version). */
function bodyS3Location(logicalId: string, uri: unknown): PyDict {
  let pointer: Record<string, unknown>;
  if (isPlainObject(uri)) {
    if (!uri['Bucket'] || !uri['Key'])
      throw new SamResourceError(logicalId, "'DefinitionUri' requires Bucket and Key properties to be specified.");
    pointer = uri;
  } else {
    const parsed = typeof uri === 'string' ? parseS3Uri(uri) : undefined;
    if (parsed === undefined)
      throw new SamResourceError(
        logicalId,
        "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
      );
    pointer = parsed;
  }
  const entries: Array<[PyStr, unknown]> = [
    [new PyStr('Bucket'), pointer['Bucket']],
    [new PyStr('Key'), pointer['Key']],
  ];
  if ('Version' in pointer) entries.push([new PyStr('Version'), pointer['Version']]);
  return new PyDict(entries);
}

/** samtranslator's `parse_s3_uri`: `s3://bucket/key[?versionId=v]`. */
function parseS3Uri(uri: string): Record<string, string> | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  const key = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (url.protocol !== 's3:' || url.hostname === '' || key === '') return undefined;
  const pointer: Record<string, string> = { Bucket: url.hostname, Key: key };
  const version = url.searchParams.get('versionId');
  if (version !== null) pointer['Version'] = version;
  return pointer;
}

/** `EndpointConfiguration: REGIONAL` or `{Type, VPCEndpointIds}` → the RestApi's EndpointConfiguration and Parameters. */
function setEndpointConfiguration(logicalId: string, restApi: Record<string, unknown>, value: unknown): void {
  if (!isPlainObject(value) || !value['Type']) {
    restApi['EndpointConfiguration'] = { Types: [value] };
    restApi['Parameters'] = { endpointConfigurationTypes: value };
    return;
  }
  restApi['Parameters'] = { endpointConfigurationTypes: value['Type'] };
  const configuration: Record<string, unknown> = { Types: [value['Type']] };
  if ('VPCEndpointIds' in value && 'VpcEndpointIds' in value)
    throw new SamResourceError(
      logicalId,
      "'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together in EndpointConfiguration.",
    );
  if ('VPCEndpointIds' in value || 'VpcEndpointIds' in value)
    configuration['VpcEndpointIds'] = value['VPCEndpointIds'] || value['VpcEndpointIds'];
  if ('IpAddressType' in value) configuration['IpAddressType'] = value['IpAddressType'];
  restApi['EndpointConfiguration'] = configuration;
}

function edgeSupported(partition: string): boolean {
  return !(partition.startsWith('aws-iso') || ['aws-us-gov', 'aws-cn', 'aws-eusc'].includes(partition));
}

function isTruthySwagger(swagger: unknown): boolean {
  if (swagger instanceof PyDict) return swagger.entries.length > 0;
  return !isPlainObject(swagger) || Object.keys(swagger).length > 0;
}

/** FunctionName of each function whose Api event names this API by RestApiId, concatenated (samtranslator's redeploy input). */
function functionNamesOf(apiId: string, scope: SamScope): string {
  let names = '';
  for (const resource of Object.values(scope.resources)) {
    if (!isPlainObject(resource) || resource['Type'] !== 'AWS::Serverless::Function') continue;
    const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
    const events = isPlainObject(p['Events']) ? Object.values(p['Events']) : [];
    for (const event of events) {
      if (!isPlainObject(event) || event['Type'] !== 'Api' || !isPlainObject(event['Properties'])) continue;
      if (restApiIdString(event['Properties']['RestApiId']) !== apiId) continue;
      const name = resolveParameterRefs(p['FunctionName'], scope.parameters);
      if (typeof name === 'string' && name !== '') names += name;
    }
  }
  return names;
}
