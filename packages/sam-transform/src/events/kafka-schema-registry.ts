import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext } from '../function-event-source.ts';
import { resolveParameterRefs } from '../sam-parameter-refs.ts';
import { eventError } from './event-target.ts';
import { secretStatement } from './source-access.ts';

/** The statements a Kafka `SchemaRegistryConfig` needs: its access secrets, and Glue for a Glue registry. */
export function schemaRegistryStatements(context: FunctionEventContext): Array<Record<string, unknown>> {
  const config = context.properties['SchemaRegistryConfig'];
  if (!config) return [];
  const fail = (message: string) => eventError(context, context.eventId, message);
  if (!isPlainObject(config)) throw fail("Property 'SchemaRegistryConfig' should be a map.");
  for (const field of ['SchemaRegistryURI', 'EventRecordFormat', 'SchemaValidationConfigs'])
    if (!(field in config)) throw fail(`Missing required field ${field} in SchemaRegistryConfig`);
  if (config['EventRecordFormat'] !== 'JSON' && config['EventRecordFormat'] !== 'SOURCE')
    throw fail("EventRecordFormat in SchemaRegistryConfig must be either 'JSON' or 'SOURCE'");
  if (!Array.isArray(config['SchemaValidationConfigs'])) throw fail('SchemaValidationConfigs must be a list');
  const access = config['AccessConfigs'] ?? [];
  if (access && !Array.isArray(access)) throw fail('AccessConfigs in SchemaRegistryConfig must be a list');
  const statements: Array<Record<string, unknown>> = [];
  for (const entry of Array.isArray(access) ? access : []) {
    if (!isPlainObject(entry) || !('Type' in entry) || !('URI' in entry))
      throw fail("Each AccessConfig must be a dict with 'Type' and 'URI' fields");
    statements.push(secretStatement(entry['URI']));
  }
  const uri = config['SchemaRegistryURI'];
  const resolved = typeof uri === 'string' ? uri : isPlainObject(uri) ? resolvedSub(uri, context) : undefined;
  const registry = glueRegistryName(String(resolved));
  if (registry !== undefined) {
    statements.push({ Action: ['glue:GetRegistry'], Effect: 'Allow', Resource: uri });
    statements.push({
      Action: ['glue:GetSchemaVersion'],
      Effect: 'Allow',
      Resource: [{ 'Fn::Sub': `arn:\${AWS::Partition}:glue:\${AWS::Region}:\${AWS::AccountId}:schema/${registry}/*` }],
    });
  }
  return statements;
}

function resolvedSub(uri: Record<string, unknown>, context: FunctionEventContext): unknown {
  const resolved = resolveParameterRefs(structuredClone(uri), context.scope.parameters);
  return isPlainObject(resolved) ? resolved['Fn::Sub'] : undefined;
}

/** `arn:…:registry/<name>` → name; anything else (a Confluent URL) has no Glue registry. */
function glueRegistryName(uri: string): string | undefined {
  if (!uri.startsWith('arn')) return undefined;
  const parts = uri.split(':');
  const segment = parts[5];
  return parts.length >= 6 && segment !== undefined && segment.startsWith('registry/')
    ? segment.slice('registry/'.length)
    : undefined;
}
