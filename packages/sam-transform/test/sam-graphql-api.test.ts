import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'eu-west-1', accountId: '123456789012' };
type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown }>;

function transform(properties: Record<string, unknown>) {
  return transformSam(
    {
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: { Api: { Type: 'AWS::Serverless::GraphQLApi', Properties: properties } },
    },
    options,
  );
}

describe('AWS::Serverless::GraphQLApi', () => {
  it('generates the API, schema, logging role, a DynamoDB data source with its role and policy, a function and a pipeline resolver', () => {
    const result = transform({
      SchemaInline: 'type Query { a: String }',
      Auth: { Type: 'AWS_IAM' },
      DataSources: { DynamoDb: { Todos: { TableName: 'todos', Permissions: ['Read'] } } },
      Functions: {
        GetTodo: { DataSource: 'Todos', InlineCode: 'code', Runtime: { Name: 'APPSYNC_JS', Version: '1.0.0' } },
      },
      Resolvers: { Query: { a: { Pipeline: ['GetTodo'] } } },
    });
    expect(result.errors).toEqual([]);
    const resources = result.template['Resources'] as Resources;
    expect(Object.keys(resources).sort()).toEqual([
      'Api',
      'ApiCloudWatchRole',
      'ApiGetTodo',
      'ApiQuerya',
      'ApiSchema',
      'ApiTodosDynamoDBDataSource',
      'ApiTodosDynamoDBDataSourceRole',
      'ApiTodosDynamoDBDataSourceToTableConnectorPolicy',
    ]);
    expect(resources['Api']!.Properties).toMatchObject({
      Name: 'Api',
      AuthenticationType: 'AWS_IAM',
      LogConfig: { FieldLogLevel: 'ALL', CloudWatchLogsRoleArn: { 'Fn::GetAtt': ['ApiCloudWatchRole', 'Arn'] } },
      Tags: [{ Key: 'graphqlapi:createdBy', Value: 'SAM' }],
    });
    expect(resources['ApiGetTodo']!.Properties['DataSourceName']).toEqual({
      'Fn::GetAtt': ['ApiTodosDynamoDBDataSource', 'Name'],
    });
    expect(resources['ApiQuerya']).toMatchObject({
      DependsOn: ['ApiSchema'],
      Properties: { Kind: 'PIPELINE', PipelineConfig: { Functions: [{ 'Fn::GetAtt': ['ApiGetTodo', 'FunctionId'] }] } },
    });
    const policy = resources['ApiTodosDynamoDBDataSourceToTableConnectorPolicy']!.Properties;
    expect(policy['Roles']).toEqual([{ Ref: 'ApiTodosDynamoDBDataSourceRole' }]);
    expect((policy['PolicyDocument'] as { Statement: unknown[] }).Statement).toHaveLength(1);
  });

  it('gives each Lambda authorizer an invoke permission and leaves logging out when Logging is false', () => {
    const result = transform({
      SchemaUri: 's3://b/schema.graphql',
      Logging: false,
      Auth: {
        Type: 'API_KEY',
        Additional: [{ Type: 'AWS_LAMBDA', LambdaAuthorizer: { AuthorizerUri: 'arn:fn' } }],
      },
    });
    expect(result.errors).toEqual([]);
    const resources = result.template['Resources'] as Resources;
    expect(resources['Api']!.Properties['LogConfig']).toBeUndefined();
    expect(resources['Api']!.Properties['AdditionalAuthenticationProviders']).toEqual([
      { AuthenticationType: 'AWS_LAMBDA', LambdaAuthorizerConfig: { AuthorizerUri: 'arn:fn' } },
    ]);
    expect(resources['ApiToLambdaAuthConnector1WriteLambdaPermission']!.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: 'arn:fn',
      Principal: 'appsync.amazonaws.com',
      SourceArn: {
        'Fn::Sub': [
          'arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/${SourceResourceId}',
          { SourceResourceId: { 'Fn::GetAtt': ['Api', 'ApiId'] } },
        ],
      },
    });
  });

  it('reports the first property that does not fit, and the errors samtranslator raises', () => {
    expect(transform({ Auth: { Type: 'AWS_IAM', Additional: { Type: 'API_KEY' } } }).errors).toEqual([
      "Resource with id [Api] is invalid. Property 'Auth.Additional' is invalid.",
    ]);
    expect(transform({ Auth: { Type: 'AWS_LAMBDA' }, SchemaInline: 's' }).errors).toEqual([
      "Resource with id [Api] is invalid. 'LambdaAuthorizer' must be defined if type is 'AWS_LAMBDA'.",
    ]);
    expect(
      transform({ Auth: { Type: 'AWS_IAM' }, SchemaInline: 's', Resolvers: { Query: { a: { Pipeline: ['Nope'] } } } })
        .errors,
    ).toEqual(["Resource with id [a] is invalid. Function 'Nope' does not exist."]);
  });
});
