import { isPlainObject } from '@toolkit/intrinsics';
import { apiGatewayPermission } from './api-gateway-permission.ts';
import type { FunctionEventContext, FunctionEventSource } from './function-event-source.ts';
import { httpEventAuth, routeAuthorizer } from './http-api-event-auth.ts';
import { isDefaultedRoute, MANAGE_SWAGGER } from './http-api-plugin.ts';
import { addHttpRouteToRestApi } from './rest-api-http-route.ts';
import { ANY_METHOD, conditionalContents, DEFAULT_PATH, OpenApiEditor, pythonTruthy } from './open-api-editor.ts';
import { toPlainJson } from './py27-dict.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { SamTemplateError } from './sam-template-error.ts';
import { swaggerSkeleton } from './swagger-editor.ts';

type Doc = Record<string, unknown>;

const isRestApi = (api: unknown) => isPlainObject(api) && api['Type'] === 'AWS::Serverless::Api';

/**
 * `Type: HttpApi`: the Lambda permission for the event's route and, in the API's OpenAPI body, the
 * route's aws_proxy integration with its auth, timeout, path parameters and payload version (as
 * samtranslator's HttpApi event source writes them before the API itself is transformed).
 */
export const httpApiEventSource: FunctionEventSource = (context) => {
  const { functionId, eventId, properties, resource, aliasId } = context;
  const apiRef = properties['ApiId'];
  const apiId = isPlainObject(apiRef) && 'Ref' in apiRef ? String(apiRef['Ref']) : String(apiRef);
  const api = context.scope.resources[apiId];
  const apiProperties = (isPlainObject(api) && isPlainObject(api['Properties']) ? api['Properties'] : {}) as Doc;
  const path = String(properties['Path']);
  const method = String(properties['Method']).toLowerCase();
  const generated: Record<string, Record<string, unknown>> = {};
  const arn = permissionArn(context, apiId, withDefaultBody(api, apiProperties), path, method);
  if (arn !== undefined)
    generated[`${functionId}${eventId}Permission`] = apiGatewayPermission(
      { functionId, resource, aliasId },
      arn,
      apiRef,
    );
  addIntegration(context, apiId, apiProperties, path, method);
  return generated;
};

/**
 * A REST Api's properties as the event sees them: samtranslator's DefaultDefinitionBody plugin gave one
 * without DefinitionBody and DefinitionUri the swagger skeleton (which is no OpenAPI 3 document).
 */
function withDefaultBody(api: unknown, properties: Doc): Doc {
  if (!isRestApi(api) || pythonTruthy(properties['DefinitionBody']) || pythonTruthy(properties['DefinitionUri']))
    return properties;
  return { ...properties, DefinitionBody: toPlainJson(swaggerSkeleton()) };
}

/** The execute-api ARN of the route, or undefined when the function's own `$default` route covers it. */
function permissionArn(
  context: FunctionEventContext,
  apiId: string,
  api: Doc,
  rawPath: string,
  method: string,
): string | undefined {
  let path = rawPath.replace(/^(.+)\/$/s, '$1');
  let editor: OpenApiEditor | undefined;
  if (api['DefinitionBody'])
    try {
      editor = new OpenApiEditor(api['DefinitionBody'], false);
    } catch (error) {
      if (error instanceof SamTemplateError) throw new SamResourceError(apiId, error.message);
      throw error;
    }
  const target = context.aliasId ?? context.functionId;
  if (path === DEFAULT_PATH) path = '';
  else if (editor !== undefined && integrationNamesFunction(editor, DEFAULT_PATH, ANY_METHOD, target)) return undefined;
  path = path.replace(/{([a-zA-Z0-9._-]+|proxy\+)}/g, '*');
  const verb = method === 'any' || method === ANY_METHOD ? '*' : method.toUpperCase();
  const route = method === 'any' && path === `/${DEFAULT_PATH}` ? path : `/${verb}${path}`;
  return `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}${route}`;
}

/** samtranslator's `is_integration_function_logical_id_match`: every integration at path+method invokes `logicalId`. */
function integrationNamesFunction(editor: OpenApiEditor, path: string, method: string, logicalId: string): boolean {
  if (!editor.hasIntegration(path, method)) return false;
  for (const definition of editor.methodDefinitions(path, method, false)) {
    const integration = definition['x-amazon-apigateway-integration'] ?? {};
    if (!isPlainObject(integration))
      throw new SamTemplateError(
        "Value of 'x-amazon-apigateway-integration' must be a dictionary according to Swagger spec.",
      );
    if (!isPlainObject(integration['uri'])) return false;
    for (const uri of conditionalContents(integration['uri'])) {
      const arn = isPlainObject(uri) ? uri['Fn::Sub'] : undefined;
      const match = typeof arn === 'string' ? /([A-Za-z0-9]+\.Arn)/.exec(arn) : null;
      if (match === null || match[1]!.split('.Arn')[0] !== logicalId) return false;
    }
  }
  return true;
}

function addIntegration(context: FunctionEventContext, apiId: string, api: Doc, path: string, method: string): void {
  const body = api['DefinitionBody'];
  if (body === undefined || body === null) return;
  const { functionId, eventId, properties, resource, aliasId } = context;
  const target = aliasId === undefined ? `\${${functionId}.Arn}` : `\${${aliasId}}`;
  const uri = {
    'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${target}/invocations`,
  };
  const condition = typeof resource['Condition'] === 'string' ? resource['Condition'] : undefined;
  if (isRestApi(context.scope.resources[apiId]))
    return addRestRoute(context, { apiId, api, path, method, condition }, uri);
  const editor = new OpenApiEditor(body);
  if (api[MANAGE_SWAGGER] === true && editor.hasIntegration(path, method))
    throw new SamResourceError(
      functionId,
      `Event with id [${eventId}] is invalid. API method '${method}' defined multiple times for path '${path}'.`,
    );
  editor.addLambdaIntegration(path, method, uri, condition);
  if (properties['Auth']) httpEventAuth({ functionId, eventId, apiId, api, editor, path, method, auth: properties['Auth'] }); // prettier-ignore
  if (properties['TimeoutInMillis']) editor.setIntegrationValue(path, method, 'timeoutInMillis', properties['TimeoutInMillis']); // prettier-ignore
  const parameters = [...path.matchAll(/{(.*?)}/g)].map((match) => match[1]!);
  if (parameters.length > 0) editor.addPathParameters(path, method, parameters);
  if (properties['PayloadFormatVersion'])
    editor.setIntegrationValue(path, method, 'payloadFormatVersion', properties['PayloadFormatVersion']);
  api['DefinitionBody'] = editor.doc;
}

/** The same route on an `AWS::Serverless::Api`, whose body samtranslator holds in Python 2.7 types. */
function addRestRoute(
  context: FunctionEventContext,
  route: { apiId: string; api: Doc; path: string; method: string; condition: string | undefined },
  uri: { 'Fn::Sub': string },
): void {
  const { functionId, eventId, properties, aliasId } = context;
  const { apiId, api, path, method, condition } = route;
  const auth = properties['Auth'];
  addHttpRouteToRestApi(
    {
      apiId,
      path,
      method,
      defaulted: isDefaultedRoute(properties),
      uri: uri['Fn::Sub'],
      viaAlias: aliasId !== undefined,
      condition,
      authorizer: auth ? routeAuthorizer({ functionId, eventId, apiId, api, path, method, auth }) : undefined,
      timeout: properties['TimeoutInMillis'],
      payloadFormatVersion: properties['PayloadFormatVersion'],
    },
    api,
    context.scope,
  );
}
