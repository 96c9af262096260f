/** The Globals section name for each SAM resource type that takes globals. */
export const GLOBALS_SECTIONS: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'Function',
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
  'AWS::Serverless::SimpleTable': 'SimpleTable',
  'AWS::Serverless::StateMachine': 'StateMachine',
  'AWS::Serverless::LayerVersion': 'LayerVersion',
  'AWS::Serverless::CapacityProvider': 'CapacityProvider',
  'AWS::Serverless::WebSocketApi': 'WebSocketApi',
};

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A long-form intrinsic (`{"Ref": …}`, `{"Fn::X": …}`, `{"Condition": …}`): merged like a scalar. */
export function isIntrinsic(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  const only = keys[0];
  return keys.length === 1 && only !== undefined && (only === 'Ref' || only === 'Condition' || only.startsWith('Fn::'));
}

type Shape = 'primitive' | 'map' | 'list';

function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return 'list';
  return isPlainObject(value) && !isIntrinsic(value) ? 'map' : 'primitive';
}

/**
 * Merges a global value with a resource's own, as SAM does: different shapes or
 * scalars (intrinsics count as scalars) → the resource's value; maps merge key by
 * key recursively; lists concatenate, globals first. `undefined` local means "not set".
 */
export function mergeGlobals(globalValue: unknown, localValue: unknown): unknown {
  if (localValue === undefined) return globalValue;
  if (globalValue === undefined) return localValue;
  const shape = shapeOf(globalValue);
  if (shape !== shapeOf(localValue) || shape === 'primitive') return localValue;
  if (shape === 'list') return [...(globalValue as unknown[]), ...(localValue as unknown[])];
  const merged: PlainObject = { ...(globalValue as PlainObject) };
  for (const [key, value] of Object.entries(localValue as PlainObject)) {
    merged[key] = key in merged ? mergeGlobals(merged[key], value) : value;
  }
  return merged;
}

/** The Globals properties that apply to a resource, honouring its `IgnoreGlobals` attribute ("*" or a list). */
export function globalPropertiesFor(template: PlainObject, resourceType: string, ignoreGlobals?: unknown): PlainObject {
  const section = GLOBALS_SECTIONS[resourceType];
  const globals = template['Globals'];
  if (section === undefined || !isPlainObject(globals)) return {};
  const properties = globals[section];
  if (!isPlainObject(properties) || ignoreGlobals === '*') return {};
  if (!Array.isArray(ignoreGlobals)) return properties;
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !ignoreGlobals.includes(key)));
}

/**
 * A copy of a plain (long-form) template with Globals merged into each SAM
 * resource's Properties and the Globals section removed, as the SAM transform does first.
 */
export function applyGlobals(template: PlainObject): PlainObject {
  const { Globals: _globals, ...rest } = template;
  const resources = template['Resources'];
  if (!isPlainObject(resources)) return rest;
  const merged: PlainObject = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || typeof resource['Type'] !== 'string') {
      merged[logicalId] = resource;
      continue;
    }
    const globals = globalPropertiesFor(template, resource['Type'], resource['IgnoreGlobals']);
    if (Object.keys(globals).length === 0) {
      merged[logicalId] = resource;
      continue;
    }
    const own = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
    merged[logicalId] = { ...resource, Properties: mergeGlobals(globals, own) };
  }
  return { ...rest, Resources: merged };
}
