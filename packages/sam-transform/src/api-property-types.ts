import { isPlainObject } from '@toolkit/intrinsics';
import { PyStr } from './py27-repr.ts';
import { SamResourceError } from './sam-resource-error.ts';

type Kind = 'map' | 'string' | 'bool' | 'list' | 'int' | 'string-or-map';

/** `SamApi.property_types` (samtranslator 1.110): what each `AWS::Serverless::Api` property must be. */
const API_PROPERTY_TYPES: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ['Name', 'string-or-map'],
  ['StageName', 'string-or-map'],
  ['Tags', 'map'],
  ['PropagateTags', 'bool'],
  ['DefinitionBody', 'map'],
  ['DefinitionUri', 'string-or-map'],
  ['MergeDefinitions', 'bool'],
  ['CacheClusterEnabled', 'bool'],
  ['CacheClusterSize', 'string'],
  ['Variables', 'map'],
  ['EndpointConfiguration', 'string-or-map'],
  ['MethodSettings', 'list'],
  ['BinaryMediaTypes', 'list'],
  ['MinimumCompressionSize', 'int'],
  ['Cors', 'string-or-map'],
  ['Auth', 'map'],
  ['GatewayResponses', 'map'],
  ['AccessLogSetting', 'map'],
  ['CanarySetting', 'map'],
  ['TracingEnabled', 'bool'],
  ['OpenApiVersion', 'string'],
  ['Models', 'map'],
  ['Domain', 'map'],
  ['FailOnWarnings', 'bool'],
  ['Description', 'string'],
  ['Mode', 'string'],
  ['DisableExecuteApiEndpoint', 'bool'],
  ['ApiKeySourceType', 'string'],
  ['AlwaysDeploy', 'bool'],
  ['Policy', 'string-or-map'],
  ['SecurityPolicy', 'string'],
  ['EndpointAccessMode', 'string'],
]);

/** A one-key `Ref`/`Condition`/`Fn::…` object, which samtranslator leaves to CloudFormation to check. */
function isIntrinsic(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'));
}

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'map':
      return isPlainObject(value);
    case 'string':
      return typeof value === 'string' || value instanceof PyStr;
    case 'string-or-map':
      return typeof value === 'string' || isPlainObject(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value);
    case 'int':
      // Python's bool is an int.
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean';
  }
}

/** samtranslator's property checks on an Api: unknown names, the required StageName, each property's type. */
export function validateApiProperties(logicalId: string, p: Record<string, unknown>): void {
  for (const name of Object.keys(p))
    if (!API_PROPERTY_TYPES.has(name))
      throw new SamResourceError(logicalId, `property ${name} not defined for resource of type AWS::Serverless::Api`);
  for (const [name, kind] of API_PROPERTY_TYPES) {
    const value = p[name];
    if (isIntrinsic(value)) continue;
    if (value === undefined || value === null) {
      if (name === 'StageName') throw new SamResourceError(logicalId, "Missing required property 'StageName'.");
      continue;
    }
    if (fits(kind, value)) continue;
    if (kind === 'map') throw new SamResourceError(logicalId, `Property '${name}' should be a map.`);
    if (kind === 'string') throw new SamResourceError(logicalId, `Property '${name}' should be a string.`);
    throw new SamResourceError(logicalId, `Type of property '${name}' is invalid.`);
  }
}
