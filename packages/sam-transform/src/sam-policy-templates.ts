/** A Sub over the ARN pattern with one variable bound to the template parameter's value. */
function arnSub(pattern: string, variable: string, value: unknown): Record<string, unknown> {
  return { 'Fn::Sub': [pattern, { [variable]: value }] };
}

const REGIONAL = 'arn:${AWS::Partition}:%s:${AWS::Region}:${AWS::AccountId}:';

function regionalArn(service: string, resource: string, variable: string, value: unknown): Record<string, unknown> {
  return arnSub(`${REGIONAL.replace('%s', service)}${resource}`, variable, value);
}

function bucketResources(value: unknown): unknown[] {
  return [
    arnSub('arn:${AWS::Partition}:s3:::${bucketName}', 'bucketName', value),
    arnSub('arn:${AWS::Partition}:s3:::${bucketName}/*', 'bucketName', value),
  ];
}

function tableResources(value: unknown): unknown[] {
  return [
    regionalArn('dynamodb', 'table/${tableName}', 'tableName', value),
    regionalArn('dynamodb', 'table/${tableName}/index/*', 'tableName', value),
  ];
}

function allow(action: unknown, resource: unknown): Record<string, unknown> {
  return { Action: action, Effect: 'Allow', Resource: resource };
}

const S3_READ = [
  's3:GetObject',
  's3:ListBucket',
  's3:GetBucketLocation',
  's3:GetObjectVersion',
  's3:GetLifecycleConfiguration',
];
const S3_WRITE = ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'];
const S3_CRUD = [
  ...S3_READ.slice(0, 4),
  's3:PutObject',
  's3:PutObjectAcl',
  's3:GetLifecycleConfiguration',
  's3:PutLifecycleConfiguration',
  's3:DeleteObject',
];
const DDB_READ = [
  'dynamodb:GetItem',
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:DescribeTable',
];
const DDB_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];
const DDB_CRUD = [
  'dynamodb:GetItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:BatchGetItem',
  'dynamodb:DescribeTable',
  'dynamodb:ConditionCheckItem',
];
const SQS_POLL = [
  'sqs:ChangeMessageVisibility',
  'sqs:ChangeMessageVisibilityBatch',
  'sqs:DeleteMessage',
  'sqs:DeleteMessageBatch',
  'sqs:GetQueueAttributes',
  'sqs:ReceiveMessage',
];

interface PolicyTemplate {
  parameters: readonly string[];
  statements: (values: Record<string, unknown>) => Array<Record<string, unknown>>;
}

/** The SAM policy templates this transform expands, producing what samtranslator's templates produce. */
const POLICY_TEMPLATES: Readonly<Record<string, PolicyTemplate>> = {
  S3ReadPolicy: { parameters: ['BucketName'], statements: (v) => [allow(S3_READ, bucketResources(v['BucketName']))] },
  S3WritePolicy: { parameters: ['BucketName'], statements: (v) => [allow(S3_WRITE, bucketResources(v['BucketName']))] },
  S3CrudPolicy: { parameters: ['BucketName'], statements: (v) => [allow(S3_CRUD, bucketResources(v['BucketName']))] },
  DynamoDBReadPolicy: {
    parameters: ['TableName'],
    statements: (v) => [allow(DDB_READ, tableResources(v['TableName']))],
  },
  DynamoDBWritePolicy: {
    parameters: ['TableName'],
    statements: (v) => [allow(DDB_WRITE, tableResources(v['TableName']))],
  },
  DynamoDBCrudPolicy: {
    parameters: ['TableName'],
    statements: (v) => [allow(DDB_CRUD, tableResources(v['TableName']))],
  },
  SQSPollerPolicy: {
    parameters: ['QueueName'],
    statements: (v) => [allow(SQS_POLL, regionalArn('sqs', '${queueName}', 'queueName', v['QueueName']))],
  },
  SQSSendMessagePolicy: {
    parameters: ['QueueName'],
    statements: (v) => [allow(['sqs:SendMessage*'], regionalArn('sqs', '${queueName}', 'queueName', v['QueueName']))],
  },
  SNSPublishMessagePolicy: {
    parameters: ['TopicName'],
    statements: (v) => [allow(['sns:Publish'], regionalArn('sns', '${topicName}', 'topicName', v['TopicName']))],
  },
  LambdaInvokePolicy: {
    parameters: ['FunctionName'],
    statements: (v) => [
      allow(
        ['lambda:InvokeFunction'],
        regionalArn('lambda', 'function:${functionName}*', 'functionName', v['FunctionName']),
      ),
    ],
  },
  CloudWatchPutMetricPolicy: { parameters: [], statements: () => [allow(['cloudwatch:PutMetricData'], '*')] },
  SSMParameterReadPolicy: {
    parameters: ['ParameterName'],
    statements: (v) => [
      allow(['ssm:DescribeParameters'], '*'),
      allow(
        ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
        regionalArn('ssm', 'parameter/${parameterName}', 'parameterName', v['ParameterName']),
      ),
    ],
  },
  AWSSecretsManagerGetSecretValuePolicy: {
    parameters: ['SecretArn'],
    statements: (v) => [allow(['secretsmanager:GetSecretValue'], arnSub('${secretArn}', 'secretArn', v['SecretArn']))],
  },
  KMSDecryptPolicy: {
    parameters: ['KeyId'],
    statements: (v) => [allow('kms:Decrypt', regionalArn('kms', 'key/${keyId}', 'keyId', v['KeyId']))],
  },
};

/** Names of every policy template samtranslator knows, expanded here or not. */
const KNOWN_POLICY_TEMPLATE_NAMES = new Set([
  ...Object.keys(POLICY_TEMPLATES),
  ...`AMIDescribePolicy AWSSecretsManagerRotationPolicy AcmGetCertificatePolicy AthenaQueryPolicy CloudFormationDescribeStacksPolicy
  CloudWatchDashboardPolicy CloudWatchDescribeAlarmHistoryPolicy CodeCommitCrudPolicy CodeCommitReadPolicy CodePipelineLambdaExecutionPolicy
  CodePipelineReadOnlyPolicy ComprehendBasicAccessPolicy CostExplorerReadOnlyPolicy DynamoDBBackupFullAccessPolicy DynamoDBReconfigurePolicy
  DynamoDBRestoreFromBackupPolicy DynamoDBStreamReadPolicy EC2CopyImagePolicy EC2DescribePolicy EFSWriteAccessPolicy EKSDescribePolicy
  EcsRunTaskPolicy ElasticMapReduceAddJobFlowStepsPolicy ElasticMapReduceCancelStepsPolicy ElasticMapReduceModifyInstanceFleetPolicy
  ElasticMapReduceModifyInstanceGroupsPolicy ElasticMapReduceSetTerminationProtectionPolicy ElasticMapReduceTerminateJobFlowsPolicy
  ElasticsearchHttpPostPolicy EventBridgePutEventsPolicy FilterLogEventsPolicy FirehoseCrudPolicy FirehoseWritePolicy KMSEncryptPolicy
  KMSEncryptPolicy_v2 KinesisCrudPolicy KinesisStreamReadPolicy MobileAnalyticsWriteOnlyAccessPolicy OrganizationsListAccountsPolicy
  PinpointEndpointAccessPolicy PollyFullAccessPolicy RekognitionDetectOnlyPolicy RekognitionFacesManagementPolicy RekognitionFacesPolicy
  RekognitionLabelsPolicy RekognitionNoDataAccessPolicy RekognitionReadPolicy RekognitionWriteOnlyAccessPolicy Route53ChangeResourceRecordSetsPolicy
  S3FullAccessPolicy SESBulkTemplatedCrudPolicy SESBulkTemplatedCrudPolicy_v2 SESCrudPolicy SESEmailTemplateCrudPolicy SESSendBouncePolicy
  SNSCrudPolicy SSMParameterWithSlashPrefixReadPolicy SageMakerCreateEndpointConfigPolicy SageMakerCreateEndpointPolicy
  ServerlessRepoReadWriteAccessPolicy StepFunctionsCallbackPolicy StepFunctionsExecutionPolicy StepFunctionsExecutionPolicy_v2
  TextractDetectAnalyzePolicy TextractGetResultPolicy TextractPolicy VPCAccessPolicy`.split(/\s+/),
]);

/** The outcome of expanding one `{TemplateName: {params}}` entry of `Policies`. */
export type PolicyTemplateExpansion =
  | { kind: 'document'; document: { Statement: Array<Record<string, unknown>> } }
  | { kind: 'unsupported'; name: string }
  | { kind: 'invalid'; reason: string };

/** True when `name` is a SAM policy template name. */
export function isPolicyTemplateName(name: string): boolean {
  return KNOWN_POLICY_TEMPLATE_NAMES.has(name);
}

/** Expands a policy template into a policy document, as samtranslator does before building the role. */
export function expandPolicyTemplate(name: string, values: unknown): PolicyTemplateExpansion {
  const template = POLICY_TEMPLATES[name];
  if (template === undefined) return { kind: 'unsupported', name };
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return { kind: 'invalid', reason: `Must specify valid parameter values for policy template '${name}'` };
  }
  const given = values as Record<string, unknown>;
  const missing = template.parameters.filter((parameter) => !Object.hasOwn(given, parameter));
  if (missing.length > 0) {
    const list = missing.map((m) => `'${m}'`).join(', ');
    return {
      kind: 'invalid',
      reason: `Following required parameters of template '${name}' don't have values: [${list}]`,
    };
  }
  return { kind: 'document', document: { Statement: template.statements(structuredClone(given)) } };
}
