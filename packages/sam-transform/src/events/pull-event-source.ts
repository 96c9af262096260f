import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext } from '../function-event-source.ts';
import { definedProperties } from '../sam-scope.ts';
import {
  addRoleManagedPolicy,
  addRolePolicy,
  eventError,
  eventLogicalId,
  eventResource,
  functionTarget,
} from './event-target.ts';

/** What differs between the pull (event source mapping) sources. */
export interface PullSourceKind {
  /** The event `Type`, as samtranslator names it in messages. */
  type: string;
  /** The property holding the stream, queue, broker or cluster ARN. */
  arnProperty?: string;
  /** AWS managed policy (with its path) added to the generated role. */
  managedPolicy?: string;
  /** Inline policies added to the generated role. */
  policies?: (context: FunctionEventContext) => Array<Record<string, unknown>> | undefined;
  /** Properties of the mapping beyond the shared ones. */
  extraProperties?: (context: FunctionEventContext, mapping: Record<string, unknown>) => void;
}

const FILTERING_TYPES = ['DocumentDB', 'DynamoDB', 'Kinesis', 'MQ', 'MSK', 'SelfManagedKafka', 'SQS'];

/** Properties passed from the event to the `AWS::Lambda::EventSourceMapping` unchanged. */
const PASSED = [
  'StartingPosition',
  'StartingPositionTimestamp',
  'BatchSize',
  'Enabled',
  'MaximumBatchingWindowInSeconds',
  'MaximumRetryAttempts',
  'BisectBatchOnFunctionError',
  'MaximumRecordAgeInSeconds',
  'ParallelizationFactor',
  'Topics',
  'Queues',
  'SourceAccessConfigurations',
  'TumblingWindowInSeconds',
  'FunctionResponseTypes',
  'FilterCriteria',
  'KmsKeyArn',
  'ScalingConfig',
  'ProvisionedPollerConfig',
  'MetricsConfig',
  'LoggingConfig',
] as const;

/** An event source mapping and the role policies samtranslator adds for a pull source. */
export function pullEventSource(
  kind: PullSourceKind,
  context: FunctionEventContext,
): Record<string, Record<string, unknown>> {
  const p = context.properties;
  const id = eventLogicalId(context);
  const mapping: Record<string, unknown> = { FunctionName: functionTarget(context) };
  if (kind.arnProperty !== undefined) mapping['EventSourceArn'] = p[kind.arnProperty];
  for (const name of PASSED) mapping[name] = p[name];
  validateFilterCriteria(kind, context);
  if (p['KafkaBootstrapServers'])
    mapping['SelfManagedEventSource'] = { Endpoints: { KafkaBootstrapServers: p['KafkaBootstrapServers'] } };
  const kafkaConfig = kafkaConfigName(kind.type);
  if (p['ConsumerGroupId']) {
    if (kafkaConfig === undefined)
      throw eventError(context, id, `Property ConsumerGroupId not defined for resource of type ${kind.type}.`);
    mapping[kafkaConfig] = { ConsumerGroupId: p['ConsumerGroupId'] };
  }
  if (p['SchemaRegistryConfig'] && kafkaConfig !== undefined)
    mapping[kafkaConfig] = {
      ...(mapping[kafkaConfig] as object | undefined),
      SchemaRegistryConfig: p['SchemaRegistryConfig'],
    };

  const destinationPolicy = destinationConfigPolicy(context, id, mapping);
  kind.extraProperties?.(context, mapping);
  if (context.role !== undefined) {
    if (kind.managedPolicy !== undefined)
      addRoleManagedPolicy(context.role, `arn:${context.scope.partition}:iam::aws:policy/${kind.managedPolicy}`);
    for (const policy of kind.policies?.(context) ?? []) addRolePolicy(context.role, policy);
    if (destinationPolicy !== undefined) addRolePolicy(context.role, destinationPolicy);
  } else {
    kind.policies?.(context);
  }
  return { [id]: eventResource(context, 'AWS::Lambda::EventSourceMapping', definedProperties(mapping)) };
}

function kafkaConfigName(type: string): string | undefined {
  if (type === 'MSK') return 'AmazonManagedKafkaEventSourceConfig';
  if (type === 'SelfManagedKafka') return 'SelfManagedKafkaEventSourceConfig';
  return undefined;
}

function validateFilterCriteria(kind: PullSourceKind, context: FunctionEventContext): void {
  const criteria = context.properties['FilterCriteria'];
  if (!isPlainObject(criteria) || Object.keys(criteria).length === 0) return;
  const keys = Object.keys(criteria);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) return;
  if (!FILTERING_TYPES.includes(kind.type))
    throw eventError(
      context,
      context.eventId,
      `FilterCriteria is only available for ${FILTERING_TYPES.join(', ')} events.`,
    );
  if (!(keys.length === 1 && keys[0] === 'Filters'))
    throw eventError(context, context.eventId, 'FilterCriteria field has a wrong format');
}

/** `DestinationConfig.OnFailure.Type` picks the policy SAM adds, and is removed from the mapping. */
function destinationConfigPolicy(
  context: FunctionEventContext,
  id: string,
  mapping: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const config = context.properties['DestinationConfig'];
  if (!config) return undefined;
  const onFailure = isPlainObject(config) ? config['OnFailure'] : undefined;
  if (!isPlainObject(onFailure))
    throw eventError(context, id, "Property 'DestinationConfig.OnFailure' should be a map.");
  const type = onFailure['Type'];
  const destination = onFailure['Destination'];
  const { Type: _type, ...rest } = onFailure;
  mapping['DestinationConfig'] = { ...(config as Record<string, unknown>), OnFailure: rest };
  if (!type) {
    mapping['DestinationConfig'] = config;
    return undefined;
  }
  const statement = (action: string, resource: unknown) => ({ Action: action, Effect: 'Allow', Resource: resource });
  switch (type) {
    case 'SQS':
      return {
        PolicyName: `${id}SQSPolicy`,
        PolicyDocument: { Statement: [statement('sqs:SendMessage', destination)] },
      };
    case 'SNS':
      return { PolicyName: `${id}SNSPolicy`, PolicyDocument: { Statement: [statement('sns:publish', destination)] } };
    case 'S3':
      return {
        PolicyName: `${id}S3Policy`,
        PolicyDocument: {
          Statement: [
            statement('s3:PutObject', { 'Fn::Join': ['/', [destination, '*']] }),
            statement('s3:ListBucket', destination),
          ],
        },
      };
    case 'Kafka':
      return undefined;
    default:
      throw eventError(context, id, "The only valid values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'");
  }
}
