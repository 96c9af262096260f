// An HttpApi event may name an AWS::Serverless::Api (samtranslator accepts it for backward compatibility).
// samtranslator converted that Api's properties to Python 2.7 types before any event ran, so the event
// edits the REST swagger the Deployment id is hashed over: its own keys and values are `str`, the
// template's `unicode`, the dicts it adds are Py27Dicts. The edit is made here in that model, and the Api
// transform starts from it.
import { DEFAULT_PATH, OpenApiEditor } from './open-api-editor.ts';
import {
  fromTemplate,
  isPyDict,
  plainDict,
  Py27Dict,
  py27Dict,
  pyString,
  toPlainJson,
  type PyKey,
} from './py27-dict.ts';
import { PyFloat, PyStr } from './py27-repr.ts';
import type { RouteAuthorizer } from './http-api-event-auth.ts';
import { propertyPointer, withSourceFloats } from './sam-source-types.ts';
import type { SamScope } from './sam-scope.ts';
import { SamTemplateError } from './sam-template-error.ts';
import {
  conditionalContents,
  makeConditional,
  methodKey,
  SwaggerEditor,
  validatePathItem,
  X_ANY_METHOD,
  X_INTEGRATION,
} from './swagger-editor.ts';

/** One HttpApi event's route on a REST Api, with what its integration carries. */
export interface RestApiHttpRoute {
  apiId: string;
  path: string;
  method: string;
  /** samtranslator wrote Path and Method itself (`$default`, ANY): its own `str`s. */
  defaulted: boolean;
  /** The `Fn::Sub` text of the Lambda integration's uri. */
  uri: string;
  /** The uri names the function's alias (a `Ref`, which leaves samtranslator's text a `str`). */
  viaAlias: boolean;
  condition: string | undefined;
  authorizer: RouteAuthorizer | undefined;
  timeout: unknown;
  payloadFormatVersion: unknown;
}

const editedBodies = new WeakMap<SamScope, Map<string, Py27Dict>>();

/**
 * An Api's DefinitionBody in the swagger model: as HttpApi events left it, else the template's, its floats
 * as the source wrote them (`swagger: 2.0` is a float to samtranslator, `swagger: 2` an int). Without the
 * source's types, a whole-number `swagger` version is taken as the float the usual `swagger: 2.0` is.
 */
export function restDefinitionBody(apiId: string, value: unknown, scope: SamScope): unknown {
  const edited = editedBodies.get(scope)?.get(apiId);
  if (edited !== undefined) return edited;
  if (scope.sourceTypes !== undefined)
    return fromTemplate(withSourceFloats(value, propertyPointer(apiId, 'DefinitionBody'), scope.sourceTypes));
  const body = fromTemplate(value);
  const version = isPyDict(body) ? body.get('swagger') : undefined;
  if (typeof version === 'number' && Number.isInteger(version)) (body as Py27Dict).set('swagger', new PyFloat(version));
  return body;
}

/**
 * samtranslator's `HttpApi._add_openapi_integration` on a REST Api's body: the route's aws_proxy
 * integration, auth, timeout, path parameters and payload version. The Api's plain DefinitionBody is
 * replaced by the result, for the readers of plain data.
 */
export function addHttpRouteToRestApi(route: RestApiHttpRoute, api: Record<string, unknown>, scope: SamScope): void {
  const plain = api['DefinitionBody'];
  if (plain === undefined || plain === null) return;
  // The OpenAPI 3 check samtranslator's OpenApiEditor makes, in its words.
  new OpenApiEditor(plain, false);
  const editor = new SwaggerEditor(restDefinitionBody(route.apiId, plain, scope));
  const path: PyKey = route.defaulted ? new PyStr(route.path) : route.path;
  const method = methodKey(route.defaulted ? new PyStr(route.method) : route.method);
  const uri = py27Dict([['Fn::Sub', route.viaAlias ? new PyStr(route.uri) : route.uri]]);
  addLambdaIntegration(editor, path, method, uri, route.condition);
  if (route.authorizer !== undefined) addAuthorizer(editor, route.path, method, route.authorizer);
  if (route.timeout) editor.addTimeout(route.path, method, route.timeout);
  const parameters = [...route.path.matchAll(/{(.*?)}/g)].map((match) => match[1]!);
  if (parameters.length > 0) addPathParameters(editor, route.path, method, parameters);
  if (route.payloadFormatVersion)
    for (const definition of editor.methodDefinitions(route.path, method))
      (definition.get(X_INTEGRATION) as Py27Dict).set(new PyStr('payloadFormatVersion'), route.payloadFormatVersion);
  const edited = editor.swagger;
  const bodies = editedBodies.get(scope) ?? new Map<string, Py27Dict>();
  editedBodies.set(scope, bodies.set(route.apiId, edited));
  api['DefinitionBody'] = toPlainJson(edited);
}

/** `OpenApiEditor.add_lambda_integration`: the uri and the method wrapped in the function's condition. */
function addLambdaIntegration(
  editor: SwaggerEditor,
  path: PyKey,
  method: PyKey,
  uri: Py27Dict,
  condition: string | undefined,
): void {
  const pathText = pyString(path)!;
  if (editor.hasIntegration(pathText, method)) return;
  editor.addPath(path, method);
  const integrationUri = condition === undefined ? uri : makeConditional(condition, uri);
  for (const item of conditionalContents(editor.paths.get(pathText))) {
    validatePathItem(item, pathText);
    if (item.get(method) === null) item.set(method, py27Dict());
    const definition = item.get(method) as Py27Dict;
    definition.set(new PyStr(X_INTEGRATION), py27Dict());
    const integration = definition.get(X_INTEGRATION) as Py27Dict;
    integration.set(new PyStr('type'), new PyStr('aws_proxy'));
    integration.set(new PyStr('httpMethod'), new PyStr('POST'));
    integration.set(new PyStr('payloadFormatVersion'), new PyStr('2.0'));
    integration.set(new PyStr('uri'), integrationUri);
    if (pathText === DEFAULT_PATH && pyString(method) === X_ANY_METHOD)
      definition.set(new PyStr('isDefaultRoute'), true);
    definition.setDefault(new PyStr('responses'), py27Dict());
    if (condition !== undefined) item.set(method, makeConditional(condition, definition));
  }
}

/** `OpenApiEditor._set_method_authorizer`: the route's security gains `{name: scopes}`. */
function addAuthorizer(editor: SwaggerEditor, path: string, method: PyKey, authorizer: RouteAuthorizer): void {
  const { name, authorizers, scopes } = authorizer;
  for (const definition of editor.methodDefinitions(path, method)) {
    let granted: unknown = [];
    if (name !== 'NONE' && name !== 'AWS_IAM') {
      const all = fromTemplate(authorizers) as Py27Dict;
      const entry = all.has(name) ? all.get(name) : py27Dict();
      if (!isPyDict(entry)) throw new SamTemplateError(`Type of authorizer '${name}' must be a dictionary`);
      const own = scopes.length > 0 ? fromTemplate(scopes) : entry.get('AuthorizationScopes');
      if (entry.length > 0 && own && (!Array.isArray(own) || own.length > 0)) granted = own;
    }
    const existing = definition.has('security') ? definition.get('security') : [];
    if (!Array.isArray(existing))
      throw new SamTemplateError(`Type of security for path ${path} method ${pyString(method)} must be a list`);
    definition.set(new PyStr('security'), [...existing, plainDict([[name, granted]])]);
  }
}

/** `OpenApiEditor.add_path_parameters_to_method`. */
function addPathParameters(editor: SwaggerEditor, path: string, method: PyKey, names: readonly string[]): void {
  for (const definition of editor.methodDefinitions(path, method)) {
    const parameters = definition.setDefault(new PyStr('parameters'), []) as unknown[];
    for (const name of names) {
      const existing = parameters.find((parameter) => isPyDict(parameter) && pyString(parameter.get('name')) === name);
      if (isPyDict(existing)) {
        existing.set(new PyStr('in'), new PyStr('path'));
        existing.set(new PyStr('required'), true);
      } else
        parameters.push(
          py27Dict([
            ['name', name],
            ['in', new PyStr('path')],
            ['required', true],
          ]),
        );
    }
  }
}
