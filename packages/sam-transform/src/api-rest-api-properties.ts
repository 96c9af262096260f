import { isPlainObject } from '@toolkit/intrinsics';
import { restApiIdString } from './api-events.ts';
import { pythonTruthy } from './open-api-editor.ts';
import { Py27Dict } from './py27-dict.ts';
import { py27Str, PyDict, PyStr } from './py27-repr.ts';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { SamResourceError } from './sam-resource-error.ts';
import type { SamScope } from './sam-scope.ts';

/** The RestApi's BodyS3Location, as samtranslator builds it (a Py27Dict of Bucket, Key and Version). */
export function bodyS3Location(logicalId: string, uri: unknown): PyDict {
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
export function setEndpointConfiguration(logicalId: string, restApi: Record<string, unknown>, value: unknown): void {
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

export function edgeSupported(partition: string): boolean {
  return !(partition.startsWith('aws-iso') || ['aws-us-gov', 'aws-cn', 'aws-eusc'].includes(partition));
}

export function isTruthySwagger(swagger: unknown): boolean {
  if (swagger instanceof PyDict) return swagger.entries.length > 0;
  if (swagger instanceof Py27Dict) return swagger.length > 0;
  return !isPlainObject(swagger) || Object.keys(swagger).length > 0;
}

/** FunctionName of each function whose Api event names this API by RestApiId, concatenated (samtranslator's redeploy input). */
export function functionNamesOf(apiId: string, scope: SamScope): string {
  let names = '';
  for (const resource of Object.values(scope.resources)) {
    if (!isPlainObject(resource) || resource['Type'] !== 'AWS::Serverless::Function') continue;
    const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
    const events = isPlainObject(p['Events']) ? Object.values(p['Events']) : [];
    for (const event of events) {
      if (!isPlainObject(event) || event['Type'] !== 'Api' || !isPlainObject(event['Properties'])) continue;
      if (restApiIdString(event['Properties']['RestApiId']) !== apiId) continue;
      const name = resolveParameterRefs(p['FunctionName'], scope.parameters);
      // samtranslator appends `str()` of what is left: an intrinsic's Python repr.
      if (pythonTruthy(name)) names += typeof name === 'string' ? name : py27Str(name);
    }
  }
  return names;
}
