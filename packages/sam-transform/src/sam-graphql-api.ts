import { isPlainObject } from '@toolkit/intrinsics';
import { appSyncRole, graphQLApiAuth, graphQLApiLogging } from './graphql-api-auth.ts';
import { graphQLApiResolvers } from './graphql-api-resolvers.ts';
import { GRAPHQL_API_PROPERTIES } from './graphql-api-schema.ts';
import { modelErrors } from './sam-model-schema.ts';
import { checkPropertyValues, type SamPropertyType } from './sam-property-types.ts';
import { transformConnector } from './sam-connector.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { definedProperties, isSet, supportedAttributes, type SamExpansion, type SamScope } from './sam-scope.ts';
import { tagList } from './sam-tags.ts';

type Props = Record<string, unknown>;
type Resources = Record<string, Props>;

/** What every resource a GraphQLApi generates carries over from it. */
export interface GraphQLApiContext {
  logicalId: string;
  apiId: unknown;
  /** The API's DependsOn and resource attributes, for each generated resource. */
  make(type: string, properties: Props, dependsOn?: unknown): Props;
}

// samtranslator declares these as `Property` (no intrinsic in their place) but Name and XrayEnabled.
const MAP: SamPropertyType = { noIntrinsic: 'map' };
const STRING: SamPropertyType = { noIntrinsic: 'string' };

/** samtranslator's declared properties, checked before its model. */
const PROPERTIES: ReadonlyMap<string, SamPropertyType> = new Map<string, SamPropertyType>([
  ['Name', 'any'],
  ['Tags', MAP],
  ['XrayEnabled', 'any'],
  ['Auth', MAP],
  ['SchemaInline', STRING],
  ['SchemaUri', STRING],
  ['Logging', { noIntrinsic: ['map', 'bool'] }],
  ['DataSources', MAP],
  ['Functions', MAP],
  ['Resolvers', MAP],
  ['ApiKeys', MAP],
  ['DomainName', MAP],
  ['Cache', MAP],
]);

/**
 * `AWS::Serverless::GraphQLApi` → the AppSync API with its schema, logging role, API keys, cache,
 * domain, data sources (with roles and connector policies), functions and pipeline resolvers.
 */
export function transformGraphQLApi(logicalId: string, resource: Props, scope: SamScope): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  // samtranslator lets any property name through here; its model reports the unknown ones.
  checkPropertyValues(logicalId, p, PROPERTIES, ['Auth']);
  // samtranslator names only the first error's path here.
  const [mismatch] = modelErrors(p, GRAPHQL_API_PROPERTIES);
  if (mismatch !== undefined) throw new SamResourceError(logicalId, `Property '${mismatch.path}' is invalid.`);

  const context: GraphQLApiContext = {
    logicalId,
    apiId: { 'Fn::GetAtt': [logicalId, 'ApiId'] },
    make: (type, properties, dependsOn = resource['DependsOn']) => {
      const made: Props = { Type: type, ...supportedAttributes(resource) };
      if (dependsOn !== undefined) made['DependsOn'] = dependsOn;
      made['Properties'] = properties;
      return made;
    },
  };
  const resources: Resources = {};
  const auth = graphQLApiAuth(logicalId, p['Auth'] as Props);
  const api: Props = { Name: p['Name'] || logicalId, ...auth.properties };
  for (const name of ['Visibility', 'OwnerContact', 'IntrospectionConfig', 'QueryDepthLimit', 'ResolverCountLimit'])
    if (p[name]) api[name] = p[name];
  if (isSet(p['XrayEnabled'])) api['XrayEnabled'] = toBool(p['XrayEnabled']);
  api['Tags'] = tagList({ ...(isPlainObject(p['Tags']) ? p['Tags'] : {}), 'graphqlapi:createdBy': 'SAM' });
  const logging = graphQLApiLogging(p['Logging']);
  let role: Props | undefined;
  if (logging !== undefined) {
    api['LogConfig'] = logging.logConfig;
    if (logging.generatedRole) {
      role = context.make('AWS::IAM::Role', {}, resource['DependsOn']);
      Object.assign(role, appSyncRole({ ManagedPolicyArns: [{ 'Fn::Sub': CLOUDWATCH_POLICY }] }));
      logging.logConfig['CloudWatchLogsRoleArn'] = { 'Fn::GetAtt': [`${logicalId}CloudWatchRole`, 'Arn'] };
    }
  }
  resources[logicalId] = context.make('AWS::AppSync::GraphQLApi', api);

  if (!p['SchemaInline'] && !p['SchemaUri'])
    throw new SamResourceError(logicalId, "One of 'SchemaInline' or 'SchemaUri' must be set.");
  if (p['SchemaInline'] && p['SchemaUri'])
    throw new SamResourceError(logicalId, "Both 'SchemaInline' and 'SchemaUri' cannot be defined at the same time.");
  const schema: Props = { ApiId: context.apiId };
  if (isSet(p['SchemaInline'])) schema['Definition'] = p['SchemaInline'];
  if (isSet(p['SchemaUri'])) schema['DefinitionS3Location'] = p['SchemaUri'];
  resources[`${logicalId}Schema`] = context.make('AWS::AppSync::GraphQLSchema', schema);

  auth.lambdaAuthorizerArns.forEach((arn, index) =>
    Object.assign(
      resources,
      connectorResources(
        `${logicalId}ToLambdaAuthConnector${index + 1}`,
        { Type: 'AWS::AppSync::GraphQLApi', Arn: { Ref: logicalId }, ResourceId: context.apiId },
        { Type: 'AWS::Lambda::Function', Arn: arn },
        ['Write'],
        scope,
      ),
    ),
  );
  if (role !== undefined) resources[`${logicalId}CloudWatchRole`] = role;
  Object.assign(resources, apiKeysCacheAndDomain(p, context));
  const dataSourceNames = new Map<string, unknown>();
  Object.assign(resources, dataSources(p['DataSources'], context, dataSourceNames, scope));
  Object.assign(resources, graphQLApiResolvers(p, context, dataSourceNames));
  return { resources };
}

const CLOUDWATCH_POLICY = 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs';

function apiKeysCacheAndDomain(p: Props, context: GraphQLApiContext): Resources {
  const { logicalId, apiId, make } = context;
  const resources: Resources = {};
  for (const [id, key] of Object.entries(isPlainObject(p['ApiKeys']) ? p['ApiKeys'] : {})) {
    const given = isPlainObject(key) ? key : {};
    resources[`${logicalId}${id}`] = make(
      'AWS::AppSync::ApiKey',
      definedProperties({
        ApiId: apiId,
        ApiKeyId: given['ApiKeyId'],
        Description: given['Description'],
        Expires: given['ExpiresOn'],
      }),
    );
  }
  if (isPlainObject(p['Cache'])) {
    const cache = p['Cache'];
    resources[`${logicalId}ApiCache`] = make(
      'AWS::AppSync::ApiCache',
      definedProperties({
        ApiId: apiId,
        ApiCachingBehavior: cache['ApiCachingBehavior'],
        Type: cache['Type'],
        Ttl: cache['Ttl'],
        AtRestEncryptionEnabled: cache['AtRestEncryptionEnabled'],
        TransitEncryptionEnabled: cache['TransitEncryptionEnabled'],
      }),
    );
  }
  if (isPlainObject(p['DomainName'])) {
    const domain = p['DomainName'];
    resources[`${logicalId}DomainName`] = make(
      'AWS::AppSync::DomainName',
      definedProperties({
        CertificateArn: domain['CertificateArn'],
        DomainName: domain['DomainName'],
        Description: domain['Description'],
      }),
    );
    resources[`${logicalId}DomainNameApiAssociation`] = make('AWS::AppSync::DomainNameApiAssociation', {
      ApiId: apiId,
      DomainName: { Ref: `${logicalId}DomainName` },
    });
  }
  return resources;
}

/** DynamoDB and Lambda data sources, each with a generated role and connector policy unless it names a role. */
function dataSources(
  given: unknown,
  context: GraphQLApiContext,
  names: Map<string, unknown>,
  scope: SamScope,
): Resources {
  const { logicalId, apiId, make } = context;
  const resources: Resources = {};
  const groups = isPlainObject(given) ? given : {};
  for (const [kind, group] of [
    ['DynamoDB', groups['DynamoDb']],
    ['Lambda', groups['Lambda']],
  ] as const) {
    for (const [relativeId, source] of Object.entries(isPlainObject(group) ? group : {}) as Array<[string, Props]>) {
      const id = `${logicalId}${relativeId}${kind}DataSource`;
      const properties: Props = { Name: source['Name'] || relativeId, Type: 'AMAZON_DYNAMODB', ApiId: apiId };
      if (isSet(source['Description'])) properties['Description'] = source['Description'];
      let target: Props;
      let permissions: unknown = ['Write'];
      if (kind === 'DynamoDB') {
        properties['DynamoDBConfig'] = dynamoDBConfig(source);
        target = { Type: 'AWS::DynamoDB::Table', Arn: source['TableArn'] || tableArn(source) };
        permissions = source['Permissions'] || ['Read', 'Write'];
      } else {
        properties['Type'] = 'AWS_LAMBDA';
        properties['LambdaConfig'] = { LambdaFunctionArn: source['FunctionArn'] };
        target = { Type: 'AWS::Lambda::Function', Arn: source['FunctionArn'] };
      }
      names.set(relativeId, { 'Fn::GetAtt': [id, 'Name'] });
      if (source['ServiceRoleArn']) {
        properties['ServiceRoleArn'] = source['ServiceRoleArn'];
        resources[id] = make('AWS::AppSync::DataSource', properties);
        continue;
      }
      properties['ServiceRoleArn'] = { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
      resources[id] = make('AWS::AppSync::DataSource', properties);
      resources[`${id}Role`] = { ...make('AWS::IAM::Role', {}), ...appSyncRole() };
      const connectorId = `${id}To${kind === 'DynamoDB' ? 'Table' : 'Lambda'}Connector`;
      const sourceEnd = {
        Type: 'AWS::AppSync::DataSource',
        Arn: { 'Fn::GetAtt': [id, 'DataSourceArn'] },
        RoleName: { Ref: `${id}Role` },
      };
      Object.assign(resources, connectorResources(connectorId, sourceEnd, target, permissions, scope));
    }
  }
  return resources;
}

function dynamoDBConfig(source: Props): Props {
  const config: Props = { AwsRegion: source['Region'] || { Ref: 'AWS::Region' }, TableName: source['TableName'] };
  if (source['UseCallerCredentials']) config['UseCallerCredentials'] = source['UseCallerCredentials'];
  if (source['Versioned']) config['Versioned'] = source['Versioned'];
  if (source['DeltaSync']) config['DeltaSyncConfig'] = source['DeltaSync'];
  return config;
}

function tableArn(source: Props): unknown {
  return {
    'Fn::Sub': [
      'arn:${AWS::Partition}:dynamodb:${__Region__}:${AWS::AccountId}:table/${__TableName__}',
      { __TableName__: source['TableName'], __Region__: source['Region'] || { Ref: 'AWS::Region' } },
    ],
  };
}

/** The resources of a connector samtranslator makes between a generated resource and another. */
function connectorResources(
  logicalId: string,
  source: Props,
  destination: Props,
  permissions: unknown,
  scope: SamScope,
): Resources {
  const connector = {
    Type: 'AWS::Serverless::Connector',
    Properties: { Source: source, Destination: destination, Permissions: permissions },
  };
  return transformConnector(logicalId, connector, scope).resources;
}

/** pydantic's boolean parsing of `XrayEnabled`. */
function toBool(value: unknown): unknown {
  if (typeof value === 'string') return ['1', 'on', 't', 'true', 'y', 'yes'].includes(value.toLowerCase());
  if (typeof value === 'number') return value === 1;
  return value;
}
