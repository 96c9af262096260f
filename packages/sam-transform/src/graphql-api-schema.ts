import { isPlainObject } from '@toolkit/intrinsics';

// The shape samtranslator's pydantic model (`aws_serverless_graphqlapi.Properties`) gives a
// GraphQLApi's properties. samtranslator reports only the path of the first mismatch
// (`Property 'Auth.Additional' is invalid.`), checking fields in declaration order, then
// undeclared keys.

/** A value's expected shape: any value, a string, a boolean, a map, a model, or a combination. */
export type Shape =
  | 'any'
  | 'str'
  | 'bool'
  | 'dict'
  | { model: Readonly<Record<string, Shape>>; required?: readonly string[] }
  | { dictOf: Shape }
  | { listOf: Shape }
  | { oneOf: readonly Shape[] }
  | { literal: readonly string[] };

const BOOL_STRINGS = new Set(['0', '1', 'off', 'on', 'f', 't', 'false', 'true', 'n', 'y', 'no', 'yes']);

/** The path of the first place `value` does not have `shape` (pydantic v1's first error), or undefined. */
export function firstMismatch(
  value: unknown,
  shape: Shape,
  path: readonly (string | number)[] = [],
): string | undefined {
  const here = path.join('.');
  if (shape === 'any') return undefined;
  if (shape === 'str')
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? undefined : here;
  if (shape === 'bool')
    return typeof value === 'boolean' ||
      value === 0 ||
      value === 1 ||
      (typeof value === 'string' && BOOL_STRINGS.has(value.toLowerCase()))
      ? undefined
      : here;
  if (shape === 'dict') return isPlainObject(value) ? undefined : here;
  if ('literal' in shape) return shape.literal.includes(value as string) ? undefined : here;
  if ('oneOf' in shape) {
    const mismatches = shape.oneOf.map((member) => firstMismatch(value, member, path));
    return mismatches.includes(undefined) ? undefined : mismatches[0];
  }
  if ('listOf' in shape) {
    if (!Array.isArray(value)) return here;
    for (const [index, item] of value.entries()) {
      const mismatch = firstMismatch(item, shape.listOf, [...path, index]);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return here;
  if ('dictOf' in shape) {
    for (const [key, item] of Object.entries(value)) {
      const mismatch = firstMismatch(item, shape.dictOf, [...path, key]);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  for (const [name, field] of Object.entries(shape.model)) {
    const required = shape.required?.includes(name) ?? false;
    const given = value[name];
    if (given === undefined || given === null) {
      if (required) return [...path, name].join('.');
      continue;
    }
    const mismatch = firstMismatch(given, field, [...path, name]);
    if (mismatch !== undefined) return mismatch;
  }
  const extra = Object.keys(value).find((key) => !Object.hasOwn(shape.model, key));
  return extra === undefined ? undefined : [...path, extra].join('.');
}

const model = (fields: Record<string, Shape>, ...required: string[]): Shape => ({ model: fields, required });

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

/** `AWS::Serverless::GraphQLApi` properties (samtranslator 1.110). */
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
