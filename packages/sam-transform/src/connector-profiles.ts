// samtranslator's connector profiles: what a connector from one CloudFormation type to another
// generates, per access category. `%{Source.Arn}`-style variables are filled in by
// `fillProfileVariables` (connector-profile-variables.ts).

/** What a profile generates: a managed policy on a role, a resource policy, or Lambda permissions. */
export type ConnectorProfileType =
  'AWS_IAM_ROLE_MANAGED_POLICY' | 'AWS_SQS_QUEUE_POLICY' | 'AWS_SNS_TOPIC_POLICY' | 'AWS_LAMBDA_PERMISSION';

/** One source → destination profile. */
export interface ConnectorProfile {
  type: ConnectorProfileType;
  /** The policy goes on the source (its role) rather than the destination. */
  sourcePolicy: boolean;
  /** Which generated resource must wait for the policy. */
  dependedBy?: 'DESTINATION_EVENT_SOURCE_MAPPING' | 'SOURCE';
  /** When set, the only accepted `Permissions` sets. */
  validCombinations?: ReadonlyArray<readonly string[]>;
  /** Access category → its IAM statements (`{ Statement }`) or Lambda permission, in samtranslator's order. */
  categories: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const SOURCE = '%{Source.Arn}';
const DESTINATION = '%{Destination.Arn}';
const EXECUTIONS = 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:%{Destination.Name}:*';
const SFN_EVENTS_RULE =
  'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule';

const allow = (actions: string[], resources: string[]) => ({ Effect: 'Allow', Action: actions, Resource: resources });
const statements = (...list: unknown[]) => ({ Statement: list });

/** An IAM managed policy on the source's role. */
function rolePolicy(
  categories: ConnectorProfile['categories'],
  extra: Partial<ConnectorProfile> = {},
): ConnectorProfile {
  return { type: 'AWS_IAM_ROLE_MANAGED_POLICY', sourcePolicy: true, categories, ...extra };
}

/** A queue or topic policy letting `service` send to the destination from the source. */
function servicePolicy(type: ConnectorProfileType, service: string, action: string): ConnectorProfile {
  const statement = {
    Effect: 'Allow',
    Principal: { Service: service },
    Resource: DESTINATION,
    Action: action,
    Condition: { ArnEquals: { 'aws:SourceArn': SOURCE } },
  };
  return { type, sourcePolicy: false, categories: { Write: statements(statement) } };
}

/** A Lambda permission for `principal` to invoke the destination function. */
function invokePermission(principal: string, sourceArn: string, sourceAccount?: string): ConnectorProfile {
  const write: Record<string, unknown> = {
    Action: 'lambda:InvokeFunction',
    Principal: principal,
    SourceArn: sourceArn,
  };
  if (sourceAccount !== undefined) write['SourceAccount'] = sourceAccount;
  return { type: 'AWS_LAMBDA_PERMISSION', sourcePolicy: false, categories: { Write: write } };
}

const S3 = {
  Read: statements(
    allow(
      [
        's3:GetObject',
        's3:GetObjectAcl',
        's3:GetObjectLegalHold',
        's3:GetObjectRetention',
        's3:GetObjectTorrent',
        's3:GetObjectVersion',
        's3:GetObjectVersionAcl',
        's3:GetObjectVersionForReplication',
        's3:GetObjectVersionTorrent',
        's3:ListBucket',
        's3:ListBucketMultipartUploads',
        's3:ListBucketVersions',
        's3:ListMultipartUploadParts',
      ],
      [DESTINATION, `${DESTINATION}/*`],
    ),
  ),
  Write: statements(
    allow(
      [
        's3:AbortMultipartUpload',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:PutObject',
        's3:PutObjectLegalHold',
        's3:PutObjectRetention',
        's3:RestoreObject',
      ],
      [DESTINATION, `${DESTINATION}/*`],
    ),
  ),
};

const TABLE_RESOURCES = [DESTINATION, `${DESTINATION}/index/*`];
const DYNAMODB = {
  Read: statements(
    allow(
      [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:BatchGetItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:PartiQLSelect',
      ],
      TABLE_RESOURCES,
    ),
  ),
  Write: statements(
    allow(
      [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:PartiQLDelete',
        'dynamodb:PartiQLInsert',
        'dynamodb:PartiQLUpdate',
      ],
      TABLE_RESOURCES,
    ),
  ),
};

const PUT_EVENTS = rolePolicy({ Write: statements(allow(['events:PutEvents'], [DESTINATION])) });
const PUBLISH = rolePolicy({ Write: statements(allow(['sns:Publish'], [DESTINATION])) });
const INVOKE = rolePolicy({
  Write: statements(allow(['lambda:InvokeAsync', 'lambda:InvokeFunction'], [DESTINATION])),
});
const EXECUTE_API =
  'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:%{Source.ResourceId}/%{Source.Qualifier}';

/** Source type → destination type → profile (samtranslator's `profiles.json`). */
export const CONNECTOR_PROFILES: ReadonlyMap<string, ReadonlyMap<string, ConnectorProfile>> = new Map(
  Object.entries({
    'AWS::DynamoDB::Table': {
      'AWS::Lambda::Function': rolePolicy(
        {
          Read: statements(
            allow(
              ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
              [`${SOURCE}/stream/*`],
            ),
          ),
        },
        { sourcePolicy: false, dependedBy: 'DESTINATION_EVENT_SOURCE_MAPPING' },
      ),
    },
    'AWS::Events::Rule': {
      'AWS::SNS::Topic': servicePolicy('AWS_SNS_TOPIC_POLICY', 'events.amazonaws.com', 'sns:Publish'),
      'AWS::Events::EventBus': PUT_EVENTS,
      'AWS::StepFunctions::StateMachine': rolePolicy({
        Write: statements(allow(['states:StartExecution'], [DESTINATION])),
      }),
      'AWS::Lambda::Function': invokePermission('events.amazonaws.com', SOURCE),
      'AWS::SQS::Queue': servicePolicy('AWS_SQS_QUEUE_POLICY', 'events.amazonaws.com', 'sqs:SendMessage'),
    },
    'AWS::Lambda::Function': {
      'AWS::Lambda::Function': INVOKE,
      'AWS::S3::Bucket': rolePolicy(S3),
      'AWS::DynamoDB::Table': rolePolicy(DYNAMODB),
      'AWS::SQS::Queue': rolePolicy({
        Read: statements(allow(['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'], [DESTINATION])),
        Write: statements(
          allow(
            ['sqs:DeleteMessage', 'sqs:SendMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue'],
            [DESTINATION],
          ),
        ),
      }),
      'AWS::SNS::Topic': PUBLISH,
      'AWS::StepFunctions::StateMachine': rolePolicy({
        Write: statements(
          allow(['states:StartExecution', 'states:StartSyncExecution'], [DESTINATION]),
          allow(['states:StopExecution'], [EXECUTIONS]),
        ),
        Read: statements(
          allow(['states:DescribeStateMachine', 'states:ListExecutions'], [DESTINATION]),
          allow(
            ['states:DescribeExecution', 'states:DescribeStateMachineForExecution', 'states:GetExecutionHistory'],
            [EXECUTIONS],
          ),
        ),
      }),
      'AWS::Events::EventBus': PUT_EVENTS,
      'AWS::Location::PlaceIndex': rolePolicy({
        Read: statements(
          allow(
            [
              'geo:DescribePlaceIndex',
              'geo:GetPlace',
              'geo:SearchPlaceIndexForPosition',
              'geo:SearchPlaceIndexForSuggestions',
              'geo:SearchPlaceIndexForText',
            ],
            [DESTINATION],
          ),
        ),
      }),
    },
    'AWS::ApiGatewayV2::Api': { 'AWS::Lambda::Function': invokePermission('apigateway.amazonaws.com', EXECUTE_API) },
    'AWS::ApiGateway::RestApi': { 'AWS::Lambda::Function': invokePermission('apigateway.amazonaws.com', EXECUTE_API) },
    'AWS::SNS::Topic': {
      'AWS::SQS::Queue': servicePolicy('AWS_SQS_QUEUE_POLICY', 'sns.amazonaws.com', 'sqs:SendMessage'),
      'AWS::Lambda::Function': invokePermission('sns.amazonaws.com', SOURCE),
    },
    'AWS::SQS::Queue': {
      'AWS::Lambda::Function': rolePolicy(
        {
          Write: statements(allow(['sqs:DeleteMessage'], [SOURCE])),
          Read: statements(allow(['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'], [SOURCE])),
        },
        { sourcePolicy: false, dependedBy: 'DESTINATION_EVENT_SOURCE_MAPPING', validCombinations: [['Read', 'Write']] },
      ),
    },
    'AWS::S3::Bucket': {
      'AWS::Lambda::Function': invokePermission('s3.amazonaws.com', SOURCE, '${AWS::AccountId}'),
    },
    'AWS::StepFunctions::StateMachine': {
      'AWS::Lambda::Function': INVOKE,
      'AWS::SNS::Topic': PUBLISH,
      // Step Functions can only send to SQS.
      'AWS::SQS::Queue': rolePolicy({ Write: statements(allow(['sqs:SendMessage'], [DESTINATION])) }),
      'AWS::S3::Bucket': rolePolicy(S3),
      'AWS::DynamoDB::Table': rolePolicy(DYNAMODB),
      // A synchronous execution of another state machine needs the managed events rule, so the
      // policy must exist before the source state machine.
      'AWS::StepFunctions::StateMachine': rolePolicy(
        {
          Read: statements(
            allow(['states:DescribeExecution'], [EXECUTIONS]),
            allow(['events:DescribeRule'], [SFN_EVENTS_RULE]),
          ),
          Write: statements(
            allow(['states:StartExecution'], [DESTINATION]),
            allow(['states:StopExecution'], [EXECUTIONS]),
            allow(['events:PutTargets', 'events:PutRule'], [SFN_EVENTS_RULE]),
          ),
        },
        { dependedBy: 'SOURCE', validCombinations: [['Read'], ['Read', 'Write']] },
      ),
      'AWS::Events::EventBus': PUT_EVENTS,
    },
    'AWS::AppSync::DataSource': {
      'AWS::DynamoDB::Table': rolePolicy(DYNAMODB),
      'AWS::Lambda::Function': rolePolicy({
        Write: statements(allow(['lambda:InvokeAsync', 'lambda:InvokeFunction'], [DESTINATION, `${DESTINATION}:*`])),
      }),
      'AWS::Events::EventBus': PUT_EVENTS,
    },
    'AWS::AppSync::GraphQLApi': {
      'AWS::Lambda::Function': invokePermission(
        'appsync.amazonaws.com',
        'arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/%{Source.ResourceId}',
      ),
    },
  }).map(([source, destinations]) => [source, new Map(Object.entries(destinations))]),
);

/** How a connector reads a resource of a given type: the property holding its role, and its outputs. */
export interface ConnectorResourceKind {
  /** The property naming the resource's role, or `EventsRuleTarget` for the role of the rule's matching target. */
  role?: string;
  /** Output name (`Arn`, `Name`, `Url`, `Id`, `Qualifier`) → its value for a logical id. */
  outputs: Readonly<Record<string, (logicalId: string) => unknown>>;
}

const getAtt = (attribute: string) => (id: string) => ({ 'Fn::GetAtt': [id, attribute] });
const ref = (id: string) => ({ Ref: id });
const arnByGetAtt = { Arn: getAtt('Arn') };
const api = { Arn: getAtt('Arn'), Qualifier: () => '*', Id: ref };

/** samtranslator's `CfnResourceProperties`: what a connector can learn of a resource from its logical id. */
export const CONNECTOR_RESOURCE_KINDS: ReadonlyMap<string, ConnectorResourceKind> = new Map(
  Object.entries<ConnectorResourceKind>({
    'AWS::Lambda::Function': { role: 'Role', outputs: arnByGetAtt },
    'AWS::StepFunctions::StateMachine': { role: 'RoleArn', outputs: { Arn: ref, Name: getAtt('Name') } },
    'AWS::AppSync::GraphQLApi': { outputs: { Id: getAtt('ApiId'), Arn: ref } },
    'AWS::AppSync::DataSource': { role: 'ServiceRoleArn', outputs: { Arn: ref } },
    'AWS::Events::Rule': { role: 'EventsRuleTarget', outputs: arnByGetAtt },
    'AWS::SQS::Queue': { outputs: { Arn: getAtt('Arn'), Url: ref } },
    'AWS::SNS::Topic': { outputs: { Arn: ref } },
    'AWS::DynamoDB::Table': { outputs: arnByGetAtt },
    'AWS::S3::Bucket': { outputs: arnByGetAtt },
    'AWS::Location::PlaceIndex': { outputs: arnByGetAtt },
    'AWS::ApiGatewayV2::Api': { outputs: api },
    'AWS::ApiGateway::RestApi': { outputs: api },
    'AWS::Events::EventBus': { outputs: arnByGetAtt },
  }),
);
