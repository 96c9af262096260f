import { intrinsicName, isPlainObject } from '@toolkit/intrinsics';
import { s3LocationObject } from './sam-code-uri.ts';
import { samLogicalId } from './sam-logical-id.ts';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { checkPropertyTypes, type SamPropertyType } from './sam-property-types.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { definedProperties, isSet, passthroughAttributes, type SamExpansion, type SamScope } from './sam-scope.ts';

const STRING_OR_MAP: SamPropertyType = ['string', 'map'];
/** `SamLayerVersion.property_types` (samtranslator 1.110). */
const LAYER_PROPERTY_TYPES: ReadonlyMap<string, SamPropertyType> = new Map<string, SamPropertyType>([
  ['LayerName', STRING_OR_MAP],
  ['Description', 'string'],
  ['PublishLambdaVersion', 'bool'],
  ['ContentUri', STRING_OR_MAP],
  ['CompatibleArchitectures', { listOf: STRING_OR_MAP }],
  ['CompatibleRuntimes', { listOf: STRING_OR_MAP }],
  ['LicenseInfo', 'string'],
  ['RetentionPolicy', 'string'],
]);
const RESOLVED_STRINGS = ['LayerName', 'LicenseInfo', 'Description', 'RetentionPolicy'] as const;
const RETENTION_OPTIONS = "['Retain', 'Delete']";

/**
 * `AWS::Serverless::LayerVersion` → `AWS::Lambda::LayerVersion` under `<Id><10 hex of SHA-1 over the
 * SAM resource>`, so each change publishes a new version; `DeletionPolicy` from RetentionPolicy (default Retain).
 */
export function transformLayerVersion(
  logicalId: string,
  resource: Record<string, unknown>,
  scope: SamScope,
): SamExpansion {
  const given = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  checkPropertyTypes(logicalId, 'AWS::Serverless::LayerVersion', given, LAYER_PROPERTY_TYPES, ['ContentUri']);
  const p: Record<string, unknown> = { ...given };
  for (const name of RESOLVED_STRINGS) {
    if (!p[name]) continue;
    const value = resolveParameterRefs(p[name], scope.parameters);
    if (typeof value !== 'string' && !isPlainObject(value)) {
      throw new SamResourceError(logicalId, `Could not resolve parameter for '${name}' or parameter is not a String.`);
    }
    p[name] = value;
  }

  const attributes = passthroughAttributes(resource);
  if (!('DeletionPolicy' in attributes)) attributes['DeletionPolicy'] = 'Retain';
  const retention = retentionPolicy(logicalId, p['RetentionPolicy']);
  if (retention !== undefined) attributes['DeletionPolicy'] = retention;

  const hashed: Record<string, unknown> = { Type: 'AWS::Serverless::LayerVersion' };
  if (resource['DependsOn']) hashed['DependsOn'] = resource['DependsOn'];
  for (const name of ['UpdatePolicy', 'Condition']) if (name in resource) hashed[name] = resource[name];
  hashed['Properties'] = definedProperties(p);
  const newLogicalId = samLogicalId(logicalId, { [logicalId]: hashed });

  const layer: Record<string, unknown> = {
    LayerName: p['LayerName'] || logicalId,
    Description: p['Description'],
    Content: s3LocationObject(p['ContentUri'], newLogicalId, 'ContentUri'),
    CompatibleArchitectures: p['CompatibleArchitectures'],
    CompatibleRuntimes: p['CompatibleRuntimes'],
    LicenseInfo: p['LicenseInfo'],
  };
  validateArchitectures(newLogicalId, p['CompatibleArchitectures']);
  const output: Record<string, unknown> = {
    Type: 'AWS::Lambda::LayerVersion',
    ...attributes,
    Properties: definedProperties(layer),
  };
  if (resource['DependsOn']) output['DependsOn'] = resource['DependsOn'];
  return { resources: { [newLogicalId]: output }, newLogicalId };
}

function retentionPolicy(logicalId: string, value: unknown): string | undefined {
  if (!isSet(value)) return undefined;
  if (intrinsicName(value) !== undefined || (isPlainObject(value) && 'Condition' in value)) {
    throw new SamResourceError(
      logicalId,
      `'RetentionPolicy' does not accept intrinsic functions, please use one of the following options: ${RETENTION_OPTIONS}`,
    );
  }
  if (typeof value !== 'string') {
    throw new SamResourceError(
      logicalId,
      `Invalid 'RetentionPolicy' type, please use one of the following options: ${RETENTION_OPTIONS}`,
    );
  }
  const option = ['Retain', 'Delete'].find((o) => o.toLowerCase() === value.toLowerCase());
  if (option === undefined) {
    throw new SamResourceError(
      logicalId,
      `'RetentionPolicy' must be one of the following options: ${RETENTION_OPTIONS}.`,
    );
  }
  return option;
}

function validateArchitectures(logicalId: string, architectures: unknown): void {
  if (!Array.isArray(architectures)) return;
  for (const architecture of architectures) {
    if (typeof architecture === 'string' && architecture !== 'x86_64' && architecture !== 'arm64') {
      throw new SamResourceError(logicalId, "CompatibleArchitectures needs to be a list of 'x86_64' or 'arm64'");
    }
  }
}
