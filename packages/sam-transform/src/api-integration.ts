import { isPlainObject } from '@toolkit/intrinsics';
import { eventError, type ApiEventInput } from './api-definition.ts';
import { addEventAuth } from './api-event-auth.ts';
import { addRequestModel, addRequestParameters } from './api-request-model.ts';
import { fromTemplate, isPyDict, plainDict, Py27Dict, py27Dict, pyString } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { SamResourceError } from './sam-resource-error.ts';
import type { SamScope } from './sam-scope.ts';
import {
  conditionalContents,
  makeConditional,
  methodKey,
  pythonStr,
  SwaggerEditor,
  swaggerSkeleton,
  truthy,
  validatePathItem,
  X_INTEGRATION,
} from './swagger-editor.ts';

/**
 * What a function's Api event adds to a managed (or MergeDefinitions) API's swagger, as samtranslator's
 * `Api._add_swagger_integration` does: the aws_proxy integration, the event's Auth, TimeoutInMillis,
 * RequestModel and RequestParameters.
 */
export function addEventToSwagger(
  apiId: string,
  api: Py27Dict,
  body: unknown,
  event: ApiEventInput,
  scope: SamScope,
): unknown {
  if (body === undefined || body === null) return body;
  const merge = truthy(api.get('MergeDefinitions'));
  // With MergeDefinitions the event's part is made on a skeleton and merged into the API's own definition.
  const editor = new SwaggerEditor(merge ? swaggerSkeleton() : body);
  const path = event.properties.get('Path') as string;
  const method = event.properties.get('Method');
  if (editor.hasIntegration(path, method))
    throw eventError(
      event,
      `API method "${pythonStr(method).toLowerCase()}" defined multiple times for path "${path}".`,
    );
  const methodAuth = event.properties.get('Auth') ?? new Py27Dict();
  if (!isPyDict(methodAuth)) throw eventError(event, "Property 'Auth' should be a map.");
  const apiAuth = api.get('Auth') ?? new Py27Dict();
  if (!isPyDict(apiAuth)) throw new SamResourceError(apiId, "Property 'Auth' should be a map.");
  addLambdaIntegration(editor, path, method, integrationUri(event, scope), methodAuth, apiAuth, event, scope);
  if (truthy(event.properties.get('Auth'))) addEventAuth(editor, apiId, api, event, scope);
  const timeout = event.properties.get('TimeoutInMillis');
  if (truthy(timeout)) editor.addTimeout(path, method, timeout);
  addRequestModel(editor, api, event);
  addRequestParameters(editor, event);
  return merge ? mergedDefinition(apiId, body, editor, path, method) : editor.swagger;
}

/** `_get_merged_definitions`: the generated method replaces the same keys of the API's own method definition. */
function mergedDefinition(apiId: string, body: unknown, editor: SwaggerEditor, path: string, method: unknown): unknown {
  if (!isPyDict(body)) return body;
  const merged = body.copy();
  const existingPaths = merged.get('paths');
  const paths = truthy(existingPaths) && isPyDict(existingPaths) ? existingPaths : plainDict([]);
  const methodName = pythonStr(method).toLowerCase();
  const pathItem = paths.get(path);
  if (pathItem !== undefined && pathItem !== null && !isPyDict(pathItem))
    throw new SamResourceError(apiId, `Property 'DefinitionBody' is invalid: The value of '${path}' should be a map.`);
  const own = isPyDict(pathItem) ? pathItem.get(methodName) : undefined;
  if (truthy(own) && !isPyDict(own))
    throw new SamResourceError(apiId, `Property 'DefinitionBody.paths.${path}.${methodName}' should be a map.`);
  const generated = ((editor.swagger.get('paths') as Py27Dict).get(path) as Py27Dict).get(
    methodKey(method),
  ) as Py27Dict;
  const combined = plainDict([...(isPyDict(own) ? own.items() : []), ...generated.items()]);
  const name = typeof method === 'string' ? methodName : new PyStr(methodName);
  if (!paths.has(path)) paths.set(path, plainDict([[name, combined]]));
  (paths.get(path) as Py27Dict).set(name, combined);
  return merged;
}

/** An event's `Auth.OverrideApiAuth` applies its Auth to any API with a DefinitionBody (managed or not). */
export function overrideApiAuth(
  apiId: string,
  api: Py27Dict,
  body: unknown,
  event: ApiEventInput,
  scope: SamScope,
): unknown {
  const auth = event.properties.get('Auth');
  if (!truthy(body) || !isPyDict(auth) || !truthy(auth.get('OverrideApiAuth'))) return body;
  if (!truthy(auth.get('Authorizer')) && !truthy(auth.get('ApiKeyRequired')) && !truthy(auth.get('ResourcePolicy')))
    throw eventError(
      event,
      'Must define one of: Authorizer, ApiKeyRequired or ResourcePolicy when using the OverrideApiAuth property.',
    );
  const editor = new SwaggerEditor(body);
  addEventAuth(editor, apiId, api, event, scope);
  return editor.swagger;
}

/** `_build_apigw_integration_uri`: the function (or its alias) invoked through API Gateway's Lambda path. */
function integrationUri(event: ApiEventInput, scope: SamScope): Py27Dict {
  const p = isPlainObject(event.function['Properties']) ? event.function['Properties'] : {};
  const alias = typeof p['AutoPublishAlias'] === 'string' && p['AutoPublishAlias'] !== '';
  const target = alias
    ? `\${${event.functionId}Alias${p['AutoPublishAlias'] as string}}`
    : `\${${event.functionId}.Arn}`;
  const streaming = pyString(event.properties.get('ResponseTransferMode')) === 'RESPONSE_STREAM';
  const version = streaming ? '2021-11-15' : '2015-03-31';
  const invocations = streaming ? '/response-streaming-invocations' : '/invocations';
  const text = `arn:${scope.partition}:apigateway:\${AWS::Region}:lambda:path/${version}/functions/${target}${invocations}`;
  // Only a function named by its template id makes the uri a template (unicode) string.
  return py27Dict([['Fn::Sub', alias ? new PyStr(text) : text]]);
}

/** `SwaggerEditor.add_lambda_integration`. */
function addLambdaIntegration(
  editor: SwaggerEditor,
  path: string,
  method: unknown,
  uri: Py27Dict,
  methodAuth: Py27Dict,
  apiAuth: Py27Dict,
  event: ApiEventInput,
  scope: SamScope,
): void {
  const key = methodKey(method);
  editor.addPath(path, method);
  const condition = event.function['Condition'];
  const integrationUri = condition !== undefined ? makeConditional(fromTemplate(condition), uri) : uri;
  for (const item of conditionalContents(editor.paths.get(path))) {
    validatePathItem(item, path);
    const definition = item.get(key) as Py27Dict;
    const integration = py27Dict();
    definition.set(new PyStr(X_INTEGRATION), integration);
    integration.set(new PyStr('type'), new PyStr('aws_proxy'));
    integration.set(new PyStr('httpMethod'), new PyStr('POST'));
    integration.set(new PyStr('uri'), integrationUri);
    if (pyString(event.properties.get('ResponseTransferMode')) === 'RESPONSE_STREAM')
      integration.set(new PyStr('responseTransferMode'), new PyStr('STREAM'));
    const iam =
      pyString(methodAuth.get('Authorizer')) === 'AWS_IAM' ||
      (pyString(apiAuth.get('DefaultAuthorizer')) === 'AWS_IAM' && methodAuth.length === 0);
    if (iam) {
      const credentials = invokeRole(invokeRoleOf(methodAuth) ?? invokeRoleOf(apiAuth), scope.partition);
      if (truthy(credentials) && pyString(credentials) !== 'NONE')
        integration.set(new PyStr('credentials'), credentials);
    }
    definition.setDefault(new PyStr('responses'), py27Dict());
    if (condition !== undefined) item.set(key, makeConditional(fromTemplate(condition), definition));
  }
}

/** An Auth's InvokeRole; set but empty means 'NONE'. */
function invokeRoleOf(auth: Py27Dict): unknown {
  const role = auth.get('InvokeRole');
  if (truthy(role)) return role;
  return auth.has('InvokeRole') ? new PyStr('NONE') : undefined;
}

function invokeRole(role: unknown, partition: string): unknown {
  return truthy(role) && pyString(role) !== 'CALLER_CREDENTIALS' ? role : new PyStr(`arn:${partition}:iam::*:user/*`);
}
