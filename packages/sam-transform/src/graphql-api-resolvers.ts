import { isPlainObject } from '@toolkit/intrinsics';
import { withoutUnset } from './graphql-api-auth.ts';
import type { GraphQLApiContext } from './sam-graphql-api.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { definedProperties, isSet } from './sam-scope.ts';

type Props = Record<string, unknown>;

// The code AppSync's console gives a new pipeline resolver: arguments reach every function as ctx.args.
const PIPELINE_RESOLVER_CODE = `
export function request(ctx) {
    return {};
}

export function response(ctx) {
    return ctx.prev.result;
}
`;

/**
 * A GraphQLApi's `Functions` (AppSync function configurations, or an existing function's `Id`)
 * and `Resolvers` (pipeline resolvers only), with the one `NONE` data source they may share.
 * samtranslator names these errors by the function's or resolver's own id.
 */
export function graphQLApiResolvers(
  p: Props,
  context: GraphQLApiContext,
  dataSourceNames: ReadonlyMap<string, unknown>,
): Record<string, Props> {
  const { logicalId, apiId, make } = context;
  const resources: Record<string, Props> = {};
  const functionIds = new Map<string, unknown>();
  const noneDataSource = `${logicalId}NoneDataSource`;
  const dataSourceName = (relativeId: string, dataSource: unknown) => {
    if (!dataSource) throw new SamResourceError(relativeId, "'DataSource' must be set.");
    if (typeof dataSource !== 'string') return dataSource;
    if (dataSource.toLowerCase() === 'none') {
      resources[noneDataSource] ??= make('AWS::AppSync::DataSource', {
        ApiId: apiId,
        Name: noneDataSource,
        Type: 'NONE',
      });
      return { 'Fn::GetAtt': [noneDataSource, 'Name'] };
    }
    if (dataSourceNames.has(dataSource)) return dataSourceNames.get(dataSource);
    throw new SamResourceError(
      relativeId,
      `Either define DataSource '${dataSource}' in 'DataSources' or use intrinsic function like GetAtt, ImportValue, Sub or another one to reference a DataSource defined outside of this GraphQLApi resource.`,
    );
  };

  for (const [relativeId, fn] of Object.entries(isPlainObject(p['Functions']) ? p['Functions'] : {}) as Array<
    [string, Props]
  >) {
    if (fn['Id']) {
      if (Object.values(fn).filter(isSet).length !== 1)
        throw new SamResourceError(relativeId, "'Id' cannot be defined with other properties in Function.");
      functionIds.set(relativeId, fn['Id']);
      continue;
    }
    if (fn['InlineCode'] && fn['CodeUri'])
      throw new SamResourceError(relativeId, "Both 'InlineCode' and 'CodeUri' cannot be defined at the same time.");
    if (!fn['InlineCode'] && !fn['CodeUri'])
      throw new SamResourceError(relativeId, "One of 'InlineCode' or 'CodeUri' must be set.");
    const properties = definedProperties({
      ApiId: apiId,
      Name: fn['Name'] || relativeId,
      Code: fn['InlineCode'] || undefined,
      CodeS3Location: fn['InlineCode'] ? undefined : fn['CodeUri'],
      DataSourceName: dataSourceName(relativeId, fn['DataSource']),
      MaxBatchSize: fn['MaxBatchSize'],
      Description: fn['Description'],
      Runtime: runtime(relativeId, fn['Runtime']),
    });
    if (fn['Sync']) properties['SyncConfig'] = withoutUnset(fn['Sync'] as Props);
    resources[`${logicalId}${relativeId}`] = make('AWS::AppSync::FunctionConfiguration', properties);
    functionIds.set(relativeId, { 'Fn::GetAtt': [`${logicalId}${relativeId}`, 'FunctionId'] });
  }

  for (const [typeName, resolvers] of Object.entries(isPlainObject(p['Resolvers']) ? p['Resolvers'] : {})) {
    for (const [relativeId, resolver] of Object.entries(resolvers as Props) as Array<[string, Props]>) {
      if (resolver['CodeUri'] && resolver['InlineCode'])
        throw new SamResourceError(relativeId, "Both 'InlineCode' and 'CodeUri' cannot be defined at the same time.");
      const custom = Boolean(resolver['InlineCode']) || Boolean(resolver['CodeUri']);
      const properties: Props = definedProperties({
        Code: custom ? resolver['InlineCode'] : PIPELINE_RESOLVER_CODE,
        CodeS3Location: resolver['CodeUri'],
        Runtime: custom ? runtime(relativeId, resolver['Runtime']) : { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
        ApiId: apiId,
        FieldName: resolver['FieldName'] || relativeId,
        TypeName: typeName,
      });
      if (!resolver['Pipeline'])
        throw new SamResourceError(
          relativeId,
          `Resolver '${relativeId}' must have Pipeline defined. Unit resolvers are not supported. If you need a Unit resolver you can use AppSync resource.`,
        );
      properties['Kind'] = 'PIPELINE';
      properties['PipelineConfig'] = {
        Functions: (resolver['Pipeline'] as string[]).map((name) => {
          if (!functionIds.has(name)) throw new SamResourceError(relativeId, `Function '${name}' does not exist.`);
          return functionIds.get(name);
        }),
      };
      if (resolver['Caching']) properties['CachingConfig'] = withoutUnset(resolver['Caching'] as Props);
      if (resolver['MaxBatchSize']) properties['MaxBatchSize'] = resolver['MaxBatchSize'];
      resources[`${logicalId}${typeName}${relativeId}`] = make('AWS::AppSync::Resolver', properties, [
        `${logicalId}Schema`,
      ]);
    }
  }
  return resources;
}

function runtime(relativeId: string, given: unknown): Props {
  if (!isPlainObject(given))
    throw new SamResourceError(relativeId, `'Runtime' must be defined as a property in ${relativeId}.`);
  return { Name: given['Name'], RuntimeVersion: given['Version'] };
}
