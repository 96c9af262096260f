const PULL = [
  'BatchSize',
  'StartingPosition',
  'StartingPositionTimestamp',
  'Enabled',
  'MaximumBatchingWindowInSeconds',
  'MaximumRetryAttempts',
  'BisectBatchOnFunctionError',
  'MaximumRecordAgeInSeconds',
  'DestinationConfig',
  'ParallelizationFactor',
  'Topics',
  'Queues',
  'SourceAccessConfigurations',
  'SecretsManagerKmsKeyId',
  'TumblingWindowInSeconds',
  'FunctionResponseTypes',
  'KafkaBootstrapServers',
  'FilterCriteria',
  'KmsKeyArn',
  'ConsumerGroupId',
  'ScalingConfig',
  'ProvisionedPollerConfig',
  'SchemaRegistryConfig',
  'MetricsConfig',
  'LoggingConfig',
];
const RULE = ['EventBusName', 'RuleName', 'Pattern', 'DeadLetterConfig', 'RetryPolicy', 'Input', 'InputPath'];

/**
 * The properties each function event type accepts (samtranslator 1.110); any other property is
 * samtranslator's `property X not defined for resource of type T`. Api and HttpApi are absent:
 * their properties are checked where they are transformed.
 */
export const EVENT_PROPERTIES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    SQS: [...PULL, 'Queue'],
    Kinesis: [...PULL, 'Stream'],
    DynamoDB: [...PULL, 'Stream'],
    MSK: [...PULL, 'Stream'],
    MQ: [...PULL, 'Broker', 'DynamicPolicyName'],
    SelfManagedKafka: PULL,
    DocumentDB: [...PULL, 'Cluster', 'DatabaseName', 'CollectionName', 'FullDocument'],
    Schedule: [
      'Schedule',
      'RuleName',
      'Input',
      'Enabled',
      'State',
      'Name',
      'Description',
      'DeadLetterConfig',
      'RetryPolicy',
    ],
    CloudWatchEvent: [...RULE, 'Target', 'Enabled', 'State', 'InputTransformer'],
    EventBridgeRule: [...RULE, 'Target', 'Enabled', 'State', 'InputTransformer'],
    S3: ['Bucket', 'Events', 'Filter'],
    SNS: ['Topic', 'Region', 'FilterPolicy', 'FilterPolicyScope', 'SqsSubscription', 'RedrivePolicy'],
    AlexaSkill: ['SkillId'],
    IoTRule: ['Sql', 'AwsIotSqlVersion'],
    Cognito: ['UserPool', 'Trigger'],
    CloudWatchLogs: ['LogGroupName', 'FilterPattern'],
    ScheduleV2: [
      'PermissionsBoundary',
      'ScheduleExpression',
      'FlexibleTimeWindow',
      'Name',
      'State',
      'Description',
      'StartDate',
      'EndDate',
      'ScheduleExpressionTimezone',
      'GroupName',
      'KmsKeyArn',
      'Input',
      'RoleArn',
      'DeadLetterConfig',
      'RetryPolicy',
      'OmitName',
    ],
  }).map(([type, names]) => [type, new Set(names)]),
);

/** Event types samtranslator knows for functions: the ones above and the API events. */
export function isFunctionEventType(type: unknown): boolean {
  return typeof type === 'string' && (EVENT_PROPERTIES.has(type) || type === 'Api' || type === 'HttpApi');
}
