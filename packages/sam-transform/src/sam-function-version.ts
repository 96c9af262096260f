import { isPlainObject } from '@toolkit/intrinsics';
import { samLogicalId } from './sam-logical-id.ts';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { isSet, passthroughAttributes, type SamScope } from './sam-scope.ts';

const ALIAS_NAME = /^(?![0-9]+$)[a-zA-Z0-9\-_]+$/;

/** Inputs of the AutoPublishAlias expansion. */
export interface VersionInput {
  logicalId: string;
  resource: Record<string, unknown>;
  properties: Record<string, unknown>;
  /** The generated Lambda function's properties; its Code is replaced by the parameter-resolved copy. */
  fn: Record<string, unknown>;
  scope: SamScope;
}

/**
 * `AutoPublishAlias`: an `AWS::Lambda::Version` whose logical id is `<Fn>Version` + 10 hex digits of
 * SHA-1 over the code location (and Environment, MemorySize, SnapStart) — or over every function
 * property with `AutoPublishAliasAllProperties` — and an `AWS::Lambda::Alias` `<Fn>Alias<Name>`.
 */
export function buildVersionAndAlias(input: VersionInput): {
  versionId: string;
  aliasId: string;
  resources: Record<string, Record<string, unknown>>;
} {
  const { logicalId, properties: p, fn, scope } = input;
  const aliasName = resolveParameterRefs(p['AutoPublishAlias'], scope.parameters);
  if (typeof aliasName !== 'string')
    throw new SamResourceError(logicalId, "'AutoPublishAlias' must be a string or a Ref to a template parameter");

  let codeSha256: string | undefined;
  if (p['AutoPublishCodeSha256']) {
    const sha = resolveParameterRefs(p['AutoPublishCodeSha256'], scope.parameters);
    if (typeof sha !== 'string') throw new SamResourceError(logicalId, 'AutoPublishCodeSha256 must be a string');
    codeSha256 = sha;
    const description = resolveParameterRefs(p['Description'], scope.parameters);
    fn['Description'] =
      !description || typeof description === 'string'
        ? description
          ? `${description} ${sha}`
          : sha
        : { 'Fn::Join': [' ', [description, sha]] };
  }

  // samtranslator resolves parameter refs in the function's own Code object before hashing it.
  const code = resolveParameterRefs(fn['Code'], scope.parameters) as Record<string, unknown>;
  fn['Code'] = code;
  const versionId = samLogicalId(`${logicalId}Version`, versionHashData(input, code), codeSha256);

  const attributes = passthroughAttributes(input.resource);
  if (!('DeletionPolicy' in attributes)) {
    attributes['DeletionPolicy'] = isSet(p['VersionDeletionPolicy'])
      ? p['VersionDeletionPolicy']
      : isSet(p['CapacityProviderConfig'])
        ? 'Delete'
        : 'Retain';
  }
  const versionProperties: Record<string, unknown> = { FunctionName: { Ref: logicalId } };
  if (isSet(p['VersionDescription'])) versionProperties['Description'] = p['VersionDescription'];
  if (isSet(p['CapacityProviderConfig']) && isSet(p['FunctionScalingConfig']))
    versionProperties['FunctionScalingConfig'] = p['FunctionScalingConfig'];

  if (!aliasName) throw new SamResourceError(logicalId, 'Alias name is required to create an alias');
  if (!ALIAS_NAME.test(aliasName)) {
    throw new SamResourceError(
      logicalId,
      `AutoPublishAlias name ('${aliasName}') must contain only alphanumeric characters, hyphens, or underscores matching (?!^[0-9]+$)([a-zA-Z0-9-_]+) pattern.`,
    );
  }
  const aliasId = `${logicalId}Alias${aliasName.replaceAll('-', 'D').replaceAll('_', 'U')}`;
  const aliasProperties: Record<string, unknown> = {
    Name: aliasName,
    FunctionName: { Ref: logicalId },
    FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
  };
  if (p['ProvisionedConcurrencyConfig'])
    aliasProperties['ProvisionedConcurrencyConfig'] = p['ProvisionedConcurrencyConfig'];

  return {
    versionId,
    aliasId,
    resources: {
      [versionId]: { Type: 'AWS::Lambda::Version', ...attributes, Properties: versionProperties },
      [aliasId]: { Type: 'AWS::Lambda::Alias', ...passthroughAttributes(input.resource), Properties: aliasProperties },
    },
  };
}

function versionHashData(input: VersionInput, code: Record<string, unknown>): Record<string, unknown> {
  const { fn, properties: p, scope } = input;
  if (p['AutoPublishAliasAllProperties']) {
    const data: Record<string, unknown> = structuredClone(fn);
    const layers = Array.isArray(fn['Layers']) ? fn['Layers'] : [];
    for (const layer of layers) {
      const layerId = logicalIdOfIntrinsic(layer);
      const layerResource = layerId === undefined ? undefined : scope.resources[layerId];
      const layerProperties =
        isPlainObject(layerResource) && isPlainObject(layerResource['Properties']) ? layerResource['Properties'] : {};
      if (layerId !== undefined && layerProperties['PublishLambdaVersion']) data[layerId] = layerProperties;
    }
    return data;
  }
  const data: Record<string, unknown> = { ...code };
  if (isPlainObject(fn['Environment']) && Object.keys(fn['Environment']).length > 0)
    Object.assign(data, fn['Environment']);
  if (fn['MemorySize']) data['MemorySize'] = fn['MemorySize'];
  const snapStart = fn['SnapStart'];
  if (isPlainObject(snapStart) && Object.keys(snapStart).length > 0 && (snapStart['ApplyOn'] ?? 'None') !== 'None')
    data['SnapStart'] = snapStart;
  return data;
}

/** The logical id in `{Ref: X}` or `{Fn::GetAtt: [X, A]}` / `"X.A"`. */
export function logicalIdOfIntrinsic(value: unknown): string | undefined {
  if (!isPlainObject(value) || Object.keys(value).length !== 1) return undefined;
  if (typeof value['Ref'] === 'string') return value['Ref'];
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt.length === 2 && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string' && getAtt.split('.').length === 2) return getAtt.split('.')[0];
  return undefined;
}
