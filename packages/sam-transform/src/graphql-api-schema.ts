import { model, type Shape } from './sam-model-schema.ts';

const AUTHORIZER_FIELDS = {
  Type: { literal: ['AWS_IAM', 'API_KEY', 'AWS_LAMBDA', 'OPENID_CONNECT', 'AMAZON_COGNITO_USER_POOLS'] },
  LambdaAuthorizer: model(
    { AuthorizerResultTtlInSeconds: 'any', AuthorizerUri: 'any', IdentityValidationExpression: 'any' },
    'AuthorizerUri',
  ),
  OpenIDConnect: model({ AuthTTL: 'any', ClientId: 'any', IatTTL: 'any', Issuer: 'any' }),
  UserPool: model({ AppIdClientRegex: 'any', AwsRegion: 'any', DefaultAction: 'any', UserPoolId: 'any' }, 'UserPoolId'),
} as const;
const AUTHORIZER = model(AUTHORIZER_FIELDS, 'Type');
const RUNTIME = model({ Name: 'any', Version: 'any' }, 'Name', 'Version');
const SYNC = model(
  {
    ConflictDetection: 'any',
    ConflictHandler: 'any',
    LambdaConflictHandlerConfig: model({ LambdaConflictHandlerArn: 'any' }, 'LambdaConflictHandlerArn'),
  },
  'ConflictDetection',
);
const DYNAMODB_DATA_SOURCE = model(
  {
    TableName: 'any',
    ServiceRoleArn: 'any',
    TableArn: 'any',
    Permissions: { listOf: { literal: ['Read', 'Write'] } },
    Name: 'any',
    Description: 'any',
    Region: 'any',
    DeltaSync: model(
      { BaseTableTTL: 'any', DeltaSyncTableName: 'any', DeltaSyncTableTTL: 'any' },
      'BaseTableTTL',
      'DeltaSyncTableName',
      'DeltaSyncTableTTL',
    ),
    UseCallerCredentials: 'any',
    Versioned: 'any',
  },
  'TableName',
);
const LAMBDA_DATA_SOURCE = model(
  { FunctionArn: 'any', ServiceRoleArn: 'any', Name: 'any', Description: 'any' },
  'FunctionArn',
);

/** `AWS::Serverless::GraphQLApi` properties, as samtranslator's pydantic model gives them (samtranslator 1.110). */
export const GRAPHQL_API_PROPERTIES: Shape = model(
  {
    Auth: model({ ...AUTHORIZER_FIELDS, Additional: { listOf: AUTHORIZER } }, 'Type'),
    Tags: 'dict',
    Name: 'any',
    XrayEnabled: 'bool',
    SchemaInline: 'any',
    SchemaUri: 'any',
    Logging: {
      oneOf: [model({ CloudWatchLogsRoleArn: 'any', ExcludeVerboseContent: 'any', FieldLogLevel: 'any' }), 'bool'],
    },
    DataSources: model({ DynamoDb: { dictOf: DYNAMODB_DATA_SOURCE }, Lambda: { dictOf: LAMBDA_DATA_SOURCE } }),
    Functions: {
      dictOf: model({
        DataSource: { oneOf: ['dict', 'str'] },
        Runtime: RUNTIME,
        InlineCode: 'any',
        CodeUri: 'any',
        Description: 'any',
        MaxBatchSize: 'any',
        Name: 'str',
        Id: 'any',
        Sync: SYNC,
      }),
    },
    Resolvers: {
      dictOf: {
        dictOf: model({
          FieldName: 'str',
          Caching: model({ Ttl: 'any', CachingKeys: { listOf: 'any' } }, 'Ttl'),
          InlineCode: 'any',
          CodeUri: 'any',
          MaxBatchSize: 'any',
          Pipeline: { listOf: 'str' },
          Runtime: RUNTIME,
          Sync: SYNC,
        }),
      },
    },
    ApiKeys: { dictOf: model({ ApiKeyId: 'any', Description: 'any', ExpiresOn: 'any' }) },
    DomainName: model({ CertificateArn: 'any', DomainName: 'any', Description: 'any' }, 'CertificateArn', 'DomainName'),
    Cache: model(
      {
        ApiCachingBehavior: 'any',
        Ttl: 'any',
        Type: 'any',
        AtRestEncryptionEnabled: 'any',
        TransitEncryptionEnabled: 'any',
      },
      'ApiCachingBehavior',
      'Ttl',
      'Type',
    ),
    Visibility: 'any',
    OwnerContact: 'any',
    IntrospectionConfig: 'any',
    QueryDepthLimit: 'any',
    ResolverCountLimit: 'any',
  },
  'Auth',
);
