import { isPlainObject } from '@toolkit/intrinsics';
import { httpApiEvents, httpRoute } from './http-api-events.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { definedProperties, isSet, passthroughAttributes, type SamExpansion, type SamScope } from './sam-scope.ts';

const SAM_TAG = 'httpapi:createdBy';
const ANY_METHOD = 'x-amazon-apigateway-any-method';
const NOT_EMULATED = ['Auth', 'CorsConfiguration', 'Domain', 'RouteSettings', 'DefaultRouteSettings'] as const;

/**
 * `AWS::Serverless::HttpApi` → `AWS::ApiGatewayV2::Api` (its OpenAPI body made from the HttpApi events
 * that name it, or DefinitionBody/DefinitionUri) and its `$default` Stage, as samtranslator makes them.
 */
export function transformHttpApi(logicalId: string, resource: Record<string, unknown>, scope: SamScope): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  if (isSet(p['DefinitionBody']) && isSet(p['DefinitionUri']))
    throw new SamResourceError(logicalId, "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.");
  for (const name of NOT_EMULATED)
    if (isSet(p[name])) scope.notEmulated(`${logicalId}: property ${name} of AWS::Serverless::HttpApi is not emulated`);
  const api: Record<string, unknown> = {};
  if (isSet(p['DefinitionUri'])) api['BodyS3Location'] = bodyS3Location(logicalId, p['DefinitionUri']);
  else
    api['Body'] = withTags(
      isSet(p['DefinitionBody']) ? p['DefinitionBody'] : managedOpenApi(logicalId, scope),
      p['Tags'],
    );
  for (const name of ['FailOnWarnings', 'Name', 'Description', 'DisableExecuteApiEndpoint'] as const)
    if (isSet(p[name])) api[name] = p[name];
  const attributes = passthroughAttributes(resource);
  const stageName = p['StageName'];
  const stageId = isSet(stageName) ? `${logicalId}${String(stageName)}Stage` : `${logicalId}ApiGatewayDefaultStage`;
  const stage = definedProperties({
    AccessLogSettings: p['AccessLogSettings'],
    ApiId: { Ref: logicalId },
    AutoDeploy: true,
    StageName: isSet(stageName) ? stageName : '$default',
    StageVariables: p['StageVariables'],
    Tags: { [SAM_TAG]: 'SAM', ...(isPlainObject(p['Tags']) ? p['Tags'] : {}) },
  });
  return {
    resources: {
      [logicalId]: { Type: 'AWS::ApiGatewayV2::Api', ...attributes, Properties: api },
      [stageId]: { Type: 'AWS::ApiGatewayV2::Stage', ...attributes, Properties: stage },
    },
  };
}

/** The OpenAPI skeleton and an aws_proxy (payload 2.0) integration per HttpApi event naming this API. */
function managedOpenApi(apiId: string, scope: SamScope): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const event of httpApiEvents(scope.resources)) {
    if (event.apiId !== apiId) continue;
    const { path, method } = httpRoute(event.properties);
    const operation: Record<string, unknown> = {
      'x-amazon-apigateway-integration': {
        type: 'aws_proxy',
        httpMethod: 'POST',
        payloadFormatVersion: event.properties['PayloadFormatVersion'] ?? '2.0',
        uri: {
          'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${event.functionId}.Arn}/invocations`,
        },
      },
      responses: {},
    };
    if (path === '$default') operation['isDefaultRoute'] = true;
    const parameters = [...path.matchAll(/{([^}]+)}/g)].map(([, name]) => ({ name, in: 'path', required: true }));
    if (parameters.length > 0) operation['parameters'] = parameters;
    (paths[path] ??= {})[method === 'any' ? ANY_METHOD : method] = operation;
  }
  return { openapi: '3.0.1', info: { version: '1.0', title: { Ref: 'AWS::StackName' } }, paths };
}

/** The API's Tags, then SAM's own, as OpenAPI `tags` entries after those the body has. */
function withTags(body: unknown, tags: unknown): unknown {
  if (!isPlainObject(body)) return body;
  const own = Array.isArray(body['tags']) ? body['tags'] : [];
  const given = Object.entries({ ...(isPlainObject(tags) ? tags : {}), [SAM_TAG]: 'SAM' }).map(([name, value]) => ({
    name,
    'x-amazon-apigateway-tag-value': value,
  }));
  return { ...body, tags: [...own, ...given] };
}

function bodyS3Location(logicalId: string, uri: unknown): Record<string, unknown> {
  if (isPlainObject(uri)) return uri;
  const match = typeof uri === 'string' ? /^s3:\/\/([^/]+)\/([^?]+)(?:\?versionId=(.+))?$/.exec(uri) : null;
  if (match === null)
    throw new SamResourceError(
      logicalId,
      "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
    );
  return match[3] === undefined
    ? { Bucket: match[1], Key: match[2] }
    : { Bucket: match[1], Key: match[2], Version: match[3] };
}
