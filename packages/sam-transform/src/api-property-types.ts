import { checkPropertyTypes, type SamPropertyType } from './sam-property-types.ts';

const STRING_OR_MAP: SamPropertyType = ['string', 'map'];

/** `SamApi.property_types` (samtranslator 1.110): what each `AWS::Serverless::Api` property must be. */
const API_PROPERTY_TYPES: ReadonlyMap<string, SamPropertyType> = new Map<string, SamPropertyType>([
  ['Name', STRING_OR_MAP],
  ['StageName', STRING_OR_MAP],
  ['Tags', 'map'],
  ['PropagateTags', 'bool'],
  ['DefinitionBody', 'map'],
  ['DefinitionUri', STRING_OR_MAP],
  ['MergeDefinitions', 'bool'],
  ['CacheClusterEnabled', 'bool'],
  ['CacheClusterSize', 'string'],
  ['Variables', 'map'],
  ['EndpointConfiguration', STRING_OR_MAP],
  ['MethodSettings', 'list'],
  ['BinaryMediaTypes', 'list'],
  ['MinimumCompressionSize', 'int'],
  ['Cors', STRING_OR_MAP],
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
  ['Policy', STRING_OR_MAP],
  ['SecurityPolicy', 'string'],
  ['EndpointAccessMode', 'string'],
]);

/** samtranslator's property checks on an Api: unknown names, the required StageName, each property's type. */
export function validateApiProperties(logicalId: string, p: Record<string, unknown>): void {
  checkPropertyTypes(logicalId, 'AWS::Serverless::Api', p, API_PROPERTY_TYPES, ['StageName']);
}
