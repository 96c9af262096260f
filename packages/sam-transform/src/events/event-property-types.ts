import type { SamPropertyType } from '../sam-property-types.ts';

/** The types samtranslator's event source classes give their properties, and which they require. */
export interface EventPropertyTypes {
  types: ReadonlyMap<string, SamPropertyType>;
  required: readonly string[];
}

// Python's bool is an int, so IS_INT ('int') takes booleans too; 'any' is a pass-through property.
const PULL: ReadonlyArray<[string, SamPropertyType]> = [
  ['BatchSize', 'int'],
  ['StartingPosition', 'any'],
  ['StartingPositionTimestamp', 'any'],
  ['Enabled', 'bool'],
  ['MaximumBatchingWindowInSeconds', 'int'],
  ['MaximumRetryAttempts', 'int'],
  ['BisectBatchOnFunctionError', 'bool'],
  ['MaximumRecordAgeInSeconds', 'int'],
  ['DestinationConfig', 'map'],
  ['ParallelizationFactor', 'int'],
  ['Topics', 'list'],
  ['Queues', 'list'],
  ['SourceAccessConfigurations', 'list'],
  ['SecretsManagerKmsKeyId', 'string'],
  ['TumblingWindowInSeconds', 'int'],
  ['FunctionResponseTypes', 'list'],
  ['KafkaBootstrapServers', 'list'],
  ['FilterCriteria', 'map'],
  ['KmsKeyArn', 'any'],
  ['ConsumerGroupId', 'string'],
  ['ScalingConfig', 'map'],
  ['ProvisionedPollerConfig', 'map'],
  ['SchemaRegistryConfig', 'map'],
  ['MetricsConfig', 'map'],
  ['LoggingConfig', 'map'],
];
const RULE: ReadonlyArray<[string, SamPropertyType]> = [
  ['EventBusName', 'string'],
  ['RuleName', 'string'],
  ['Pattern', 'map'],
  ['DeadLetterConfig', 'map'],
  ['RetryPolicy', 'map'],
  ['Input', 'string'],
  ['InputPath', 'string'],
  ['Target', 'map'],
  ['Enabled', 'bool'],
  ['State', 'string'],
  ['InputTransformer', 'map'],
];
const STRINGS: SamPropertyType = { noIntrinsic: ['string', { listOf: 'string' }] };

const entry = (types: ReadonlyArray<[string, SamPropertyType]>, required: readonly string[] = []) => ({
  types: new Map(types),
  required,
});

/** By event `Type` (not `Api`, whose RestApiId the implicit REST API plugin fills in elsewhere). */
export const EVENT_PROPERTY_TYPES: ReadonlyMap<string, EventPropertyTypes> = new Map([
  ['SQS', entry([...PULL, ['Queue', 'any']], ['Queue'])],
  ['Kinesis', entry([...PULL, ['Stream', 'any']], ['StartingPosition', 'Stream'])],
  ['DynamoDB', entry([...PULL, ['Stream', 'any']], ['StartingPosition', 'Stream'])],
  ['MSK', entry([...PULL, ['Stream', 'any']], ['StartingPosition', 'Stream'])],
  ['MQ', entry([...PULL, ['Broker', 'any'], ['DynamicPolicyName', { noIntrinsic: 'bool' }]], ['Broker'])],
  // Its own check words a SourceAccessConfigurations that is not a list (self-managed-kafka.ts).
  ['SelfManagedKafka', entry(PULL.map(([name, type]) => [name, name === 'SourceAccessConfigurations' ? 'any' : type]))],
  [
    'DocumentDB',
    entry(
      [...PULL, ['Cluster', 'any'], ['DatabaseName', 'any'], ['CollectionName', 'any'], ['FullDocument', 'any']],
      ['Cluster', 'DatabaseName'],
    ),
  ],
  ['AlexaSkill', entry([['SkillId', 'string']])],
  ['CloudWatchEvent', entry(RULE)],
  ['EventBridgeRule', entry(RULE)],
  [
    'Cognito',
    entry(
      [
        ['UserPool', 'string'],
        ['Trigger', STRINGS],
      ],
      ['UserPool', 'Trigger'],
    ),
  ],
  [
    'HttpApi',
    entry([
      ['Path', 'string'],
      ['Method', 'string'],
      ['ApiId', 'string'],
      ['Stage', 'string'],
      ['Auth', 'map'],
      ['TimeoutInMillis', 'int'],
      ['RouteSettings', 'map'],
      ['PayloadFormatVersion', 'string'],
    ]),
  ],
  [
    'IoTRule',
    entry(
      [
        ['Sql', 'string'],
        ['AwsIotSqlVersion', 'string'],
      ],
      ['Sql'],
    ),
  ],
  [
    'S3',
    entry(
      [
        ['Bucket', 'string'],
        ['Events', STRINGS],
        ['Filter', 'any'],
      ],
      ['Bucket', 'Events'],
    ),
  ],
  [
    'SNS',
    entry(
      [
        ['Topic', 'string'],
        ['Region', 'string'],
        ['FilterPolicy', 'any'],
        ['FilterPolicyScope', 'any'],
        ['SqsSubscription', ['map', 'bool']],
        ['RedrivePolicy', 'map'],
      ],
      ['Topic'],
    ),
  ],
  [
    'Schedule',
    entry(
      [
        ['Schedule', 'string'],
        ['RuleName', 'string'],
        ['Input', 'string'],
        ['Enabled', 'bool'],
        ['State', 'string'],
        ['Name', 'string'],
        ['Description', 'string'],
        ['DeadLetterConfig', 'map'],
        ['RetryPolicy', 'map'],
      ],
      ['Schedule'],
    ),
  ],
  ['CloudWatchLogs', entry([['LogGroupName', 'string'], ['FilterPattern', 'string']], ['LogGroupName', 'FilterPattern'])], // prettier-ignore
  [
    'ScheduleV2',
    entry(
      [
        ['PermissionsBoundary', 'string'],
        ['ScheduleExpression', 'string'],
        ['FlexibleTimeWindow', 'map'],
        ['Name', 'string'],
        ['State', 'string'],
        ['Description', 'string'],
        ['StartDate', 'string'],
        ['EndDate', 'string'],
        ['ScheduleExpressionTimezone', 'string'],
        ['GroupName', 'string'],
        ['KmsKeyArn', 'string'],
        ['Input', 'string'],
        ['RoleArn', 'string'],
        ['DeadLetterConfig', 'map'],
        ['RetryPolicy', 'map'],
        ['OmitName', { noIntrinsic: 'bool' }],
      ],
      ['ScheduleExpression'],
    ),
  ],
]);
