import { isPlainObject } from '@toolkit/intrinsics';
import { authorizerOpenApi, type HttpApiAuthorizer, httpApiAuthorizers } from './http-api-authorizers.ts';
import { isValidOpenApi, normalizeMethod, OpenApiEditor, pythonTruthy } from './open-api-editor.ts';
import { py27KeyOrder } from './py27-repr.ts';
import { isIntrinsic } from './sam-intrinsic.ts';
import { samExpect } from './sam-expect.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { SamTemplateError } from './sam-template-error.ts';

type Doc = Record<string, unknown>;
const CORS_KEYS = ['AllowMethods', 'AllowHeaders', 'AllowOrigins', 'MaxAge', 'ExposeHeaders', 'AllowCredentials'];
const AUTH_KEYS = ['Authorizers', 'DefaultAuthorizer', 'EnableIamAuthorizer'];

/** What the HTTP API's properties add to its OpenAPI body. */
export interface HttpApiBodyInput {
  apiId: string;
  body: Doc | undefined;
  cors: unknown;
  auth: unknown;
  /** The API's Tags object (samtranslator adds its own tag to it, which PropagateTags then sees). */
  tags: Doc | undefined;
  partition: string;
  /** The template's dicts iterate in Python 2.7's order (see `usesPy27Dicts`). */
  py27Order: boolean;
}

/** CorsConfiguration as `x-amazon-apigateway-cors`, as samtranslator's `_add_cors` writes it. */
export function addCors({ apiId, body, cors }: HttpApiBodyInput): Doc {
  const fail = (reason: string): never => {
    throw new SamResourceError(apiId, reason);
  };
  if (!pythonTruthy(body)) fail("Cors works only with inline OpenApi specified in 'DefinitionBody' property.");
  let settings: Doc;
  if (typeof cors === 'boolean') settings = { AllowOrigins: ['*'] };
  else if (isIntrinsic(cors)) settings = { AllowOrigins: cors };
  else if (isPlainObject(cors)) {
    for (const key of Object.keys(cors))
      if (!CORS_KEYS.includes(key)) fail(`Invalid key '${key}' for 'Cors' property.`);
    settings = cors;
  } else return fail("Invalid value for 'Cors' property.");
  if (!isValidOpenApi(body))
    fail("Unable to add Cors configuration because 'DefinitionBody' does not contain a valid OpenApi definition.");
  const origins = settings['AllowOrigins'];
  if (settings['AllowCredentials'] === true && Array.isArray(origins) && origins.length === 1 && origins[0] === '*')
    fail('Unable to add Cors configuration because \'AllowCredentials\' can not be true when \'AllowOrigin\' is "\'*\'" or not set.'); // prettier-ignore
  const editor = new OpenApiEditor(body);
  const existing = editor.doc['x-amazon-apigateway-cors'] ?? {};
  if (!isPlainObject(existing))
    throw new SamTemplateError("Value of 'x-amazon-apigateway-cors' must be a dictionary according to Swagger spec.");
  if (pythonTruthy(origins) && isIntrinsic(origins)) {
    // samtranslator renames the keys in the intrinsic's JSON text (AllowOrigins → allowOrigins).
    let text = JSON.stringify(origins);
    for (const key of CORS_KEYS) text = text.replaceAll(key, key[0]!.toLowerCase() + key.slice(1));
    Object.assign(existing, JSON.parse(text) as Doc);
  } else {
    for (const key of ['AllowOrigins', 'AllowHeaders', 'AllowMethods', 'ExposeHeaders'])
      if (pythonTruthy(settings[key])) existing[key[0]!.toLowerCase() + key.slice(1)] = settings[key];
    if (settings['MaxAge'] !== undefined && settings['MaxAge'] !== null) existing['maxAge'] = settings['MaxAge'];
    if (settings['AllowCredentials'] === true) existing['allowCredentials'] = true;
  }
  editor.doc['x-amazon-apigateway-cors'] = existing;
  return editor.doc;
}

/** Auth: the authorizers' security schemes, and the DefaultAuthorizer on every route without its own. */
export function addAuth({ apiId, body, auth, partition }: HttpApiBodyInput): Doc | undefined {
  if (!pythonTruthy(auth)) return body;
  if (!pythonTruthy(body))
    throw new SamResourceError(
      apiId,
      "Auth works only with inline OpenApi specified in the 'DefinitionBody' property.",
    );
  const config = auth as Doc;
  if (!Object.keys(config).every((key) => AUTH_KEYS.includes(key)))
    throw new SamResourceError(apiId, "Invalid value for 'Auth' property");
  if (!isValidOpenApi(body))
    throw new SamResourceError(
      apiId,
      "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid OpenApi definition.",
    );
  const editor = new OpenApiEditor(body);
  const authorizers = httpApiAuthorizers(apiId, config['Authorizers'], config['EnableIamAuthorizer']);
  if (authorizers.size > 0) {
    const schemes = editor.securitySchemes();
    for (const [name, authorizer] of authorizers) schemes[name] = authorizerOpenApi(apiId, authorizer, partition);
  }
  setDefaultAuthorizer(apiId, editor, authorizers, config['DefaultAuthorizer']);
  return editor.doc;
}

function setDefaultAuthorizer(
  apiId: string,
  editor: OpenApiEditor,
  authorizers: Map<string, HttpApiAuthorizer>,
  name: unknown,
): void {
  if (!name || (isPlainObject(name) && name['Ref'] === 'AWS::NoValue')) return;
  const defaultName = samExpect<string>(name, apiId, 'Auth.DefaultAuthorizer', 'string');
  const authorizer = authorizers.get(defaultName);
  if (authorizer === undefined)
    throw new SamResourceError(
      apiId,
      `Unable to set DefaultAuthorizer because '${defaultName}' was not defined in 'Authorizers'.`,
    );
  const scopes = authorizer.authorizationScopes ?? [];
  for (const path of editor.pathNames())
    for (const item of conditionalItems(editor, path))
      for (const [method, value] of Object.entries(item)) {
        const normalized = normalizeMethod(method);
        if (normalized === 'parameters' || normalized === 'options') continue;
        if (!(typeof normalized === 'string' && normalized in item))
          throw new SamTemplateError(`Could not find ${String(normalized)} in ${path} within DefinitionBody.`);
        for (const definition of methodItems(value, path, method)) {
          if (!definition['x-amazon-apigateway-integration'] || pythonTruthy(definition['security'])) continue;
          definition['security'] = [{ [defaultName]: scopes }];
        }
      }
}

function conditionalItems(editor: OpenApiEditor, path: string): Doc[] {
  const item = editor.paths[path];
  const contents = isPlainObject(item) && 'Fn::If' in item ? editorContents(item) : [item];
  return contents.map((content) => {
    if (!isPlainObject(content))
      throw new SamTemplateError(`Value of '${path}' path must be a dictionary according to Swagger spec.`);
    return content;
  });
}

function methodItems(value: unknown, path: string, method: string): Doc[] {
  const contents = isPlainObject(value) && 'Fn::If' in value ? editorContents(value) : [value];
  return contents.map((content) => {
    if (!isPlainObject(content))
      throw new SamTemplateError(`Definition of method '${method}' for path '${path}' should be a map.`);
    return content;
  });
}

function editorContents(item: Doc): unknown[] {
  const parameters = item['Fn::If'];
  if (!Array.isArray(parameters)) throw new SamTemplateError('Value of Fn::If must be a list.');
  return parameters.slice(1).filter((c) => !(isPlainObject(c) && c['Ref'] === 'AWS::NoValue'));
}

/** The API's Tags (with SAM's `httpapi:createdBy`) as OpenAPI `tags`; returns the tags the stage takes. */
export function addTags(input: HttpApiBodyInput, tagName: string): { body: Doc | undefined; tags: Doc | undefined } {
  const { apiId, body, tags } = input;
  if (pythonTruthy(tags) && !pythonTruthy(body))
    throw new SamResourceError(
      apiId,
      "Tags works only with inline OpenApi specified in the 'DefinitionBody' property.",
    );
  if (!pythonTruthy(body)) return { body, tags };
  if (pythonTruthy(tags) && !isValidOpenApi(body))
    throw new SamResourceError(
      apiId,
      "Unable to add `Tags` because 'DefinitionBody' does not contain a valid OpenApi definition.",
    );
  if (!isValidOpenApi(body)) return { body, tags };
  const all = pythonTruthy(tags) ? (tags as Doc) : {};
  all[tagName] = 'SAM';
  const editor = new OpenApiEditor(body);
  // When samtranslator made the template's dicts Python 2.7 ones, the tags are listed in that order.
  const keys = Object.keys(all);
  const order = input.py27Order ? py27KeyOrder(keys) : keys.map((_, index) => index);
  editor.addTags(Object.fromEntries(order.map((index) => [keys[index]!, all[keys[index]!]])));
  return { body: editor.doc, tags: all };
}

/** DisableExecuteApiEndpoint in each `servers` entry's endpoint configuration. */
export function addEndpointConfig(apiId: string, body: Doc | undefined, disable: unknown): Doc {
  if (!pythonTruthy(body))
    throw new SamResourceError(apiId, "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.");
  const editor = new OpenApiEditor(body);
  const servers = editor.doc['servers'] ?? [{}];
  for (const config of servers as unknown[]) {
    if (!isPlainObject(config))
      throw new SamTemplateError("Value of 'servers' item must be a dictionary according to Swagger spec.");
    const endpoint = isPlainObject(config['x-amazon-apigateway-endpoint-configuration'])
      ? config['x-amazon-apigateway-endpoint-configuration']
      : {};
    endpoint['disableExecuteApiEndpoint'] = disable;
    config['x-amazon-apigateway-endpoint-configuration'] = endpoint;
  }
  editor.doc['servers'] = servers;
  return editor.doc;
}

/** Name as `info.title` and Description as `info.description`, when the body does not set them itself. */
export function addInfo(
  apiId: string,
  body: Doc | undefined,
  key: 'title' | 'description',
  value: unknown,
): Doc | undefined {
  if (!pythonTruthy(value)) return body;
  const property = key === 'title' ? 'Name' : 'Description';
  if (!pythonTruthy(body))
    throw new SamResourceError(apiId, `${property} works only with inline OpenApi specified in the 'DefinitionBody' property.`); // prettier-ignore
  const info = (body as Doc)['info'];
  if (info !== undefined && info !== null && !isPlainObject(info))
    throw new SamResourceError(apiId, `Invalid 'DefinitionBody': The value of 'info' should be a map.${key === 'title' ? '' : "'"}.`); // prettier-ignore
  const current = isPlainObject(info) ? info[key] : undefined;
  const taken = key === 'title' ? !OpenApiEditor.isDefaultTitle(current) : pythonTruthy(current);
  if (taken)
    throw new SamResourceError(apiId, `Unable to set ${property} because it is already defined within inline OpenAPI specified in the 'DefinitionBody' property.`); // prettier-ignore
  const editor = new OpenApiEditor(body);
  editor.info()[key] = value;
  return editor.doc;
}
