import { isPyDict, Py27Dict, py27Dict, pyString } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { invalidTemplate, templateProblem, pythonStr, truthy, type SwaggerEditor } from './swagger-editor.ts';

/** What a default authorizer needs of each of the Api's authorizers: its scopes. */
export interface AuthorizerScopes {
  authorizationScopes: unknown;
}

/** Python's `==` on values of the swagger model. */
export function pyEqual(a: unknown, b: unknown): boolean {
  if (isPyDict(a) && isPyDict(b))
    return a.length === b.length && a.keys().every((key) => b.has(key) && pyEqual(a.get(key), b.get(key)));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => pyEqual(item, b[i]));
  const textA = pyString(a);
  const textB = pyString(b);
  if (textA !== undefined || textB !== undefined) return textA === textB;
  return a === b;
}

function securityOf(definition: Py27Dict, path: string, method: string): unknown[] {
  const security = definition.has('security') ? definition.get('security') : [];
  if (!Array.isArray(security))
    throw invalidTemplate(`Type of security for path ${path} method ${method} must be a list`);
  return security;
}

/** `add_awsiam_security_definition` (idempotent). */
export function addAwsIamSecurityDefinition(editor: SwaggerEditor): void {
  if (!truthy(editor.securityDefinitions)) editor.securityDefinitions = py27Dict();
  if (!isPyDict(editor.securityDefinitions)) throw templateProblem('securityDefinitions must be a dictionary.');
  if (editor.securityDefinitions.has('AWS_IAM')) return;
  editor.securityDefinitions.set(
    new PyStr('AWS_IAM'),
    py27Dict([
      ['x-amazon-apigateway-authtype', new PyStr('awsSigv4')],
      ['type', new PyStr('apiKey')],
      ['name', new PyStr('Authorization')],
      ['in', new PyStr('header')],
    ]),
  );
}

/** `add_apikey_security_definition` (idempotent). */
export function addApiKeySecurityDefinition(editor: SwaggerEditor): void {
  if (!truthy(editor.securityDefinitions)) editor.securityDefinitions = py27Dict();
  if (!isPyDict(editor.securityDefinitions)) throw templateProblem('securityDefinitions must be a dictionary.');
  if (editor.securityDefinitions.has('api_key')) return;
  editor.securityDefinitions.set(
    new PyStr('api_key'),
    py27Dict([
      ['type', new PyStr('apiKey')],
      ['name', new PyStr('x-api-key')],
      ['in', new PyStr('header')],
    ]),
  );
}

/** `_set_method_authorizer`: the method's security names the authorizer (with its scopes). */
export function setMethodAuthorizer(
  editor: SwaggerEditor,
  path: string,
  method: string,
  authorizerName: unknown,
  authorizers: unknown,
  methodScopes: unknown,
): void {
  const name = pythonStr(authorizerName);
  for (const definition of editor.methodDefinitions(path, method)) {
    const securityDict = py27Dict();
    securityDict.set(authorizerName as string, []);
    const security = [...securityOf(definition, path, method), securityDict];
    if (name !== 'NONE' && truthy(authorizers) && isPyDict(authorizers)) {
      const authorizer = authorizers.has(name) ? authorizers.get(name) : new Py27Dict();
      if (!isPyDict(authorizer)) throw invalidTemplate(`Type of authorizer '${name}' must be a dictionary`);
      let scopes = authorizer.get('AuthorizationScopes');
      if (methodScopes !== undefined && methodScopes !== null) scopes = methodScopes;
      if (
        authorizers.get(name) !== undefined &&
        authorizers.get(name) !== null &&
        scopes !== undefined &&
        scopes !== null
      )
        securityDict.set(authorizerName as string, scopes);
    }
    definition.set(new PyStr('security'), security);
    if (isPyDict(security[0]) && security[0].has('AWS_IAM')) addAwsIamSecurityDefinition(editor);
  }
}

/** `_set_method_apikey_handling`: `api_key`, or the `api_key_false` marker that keeps the API's default off. */
export function setMethodApiKey(editor: SwaggerEditor, path: string, method: string, required: unknown): void {
  for (const definition of editor.methodDefinitions(path, method)) {
    const securityDict = py27Dict();
    if (truthy(required)) {
      securityDict.set(new PyStr('api_key'), []);
      addApiKeySecurityDefinition(editor);
    } else securityDict.set(new PyStr('api_key_false'), []);
    const existing = securityOf(definition, path, method);
    const security = [...existing, securityDict];
    if (!pyEqual(security, existing)) definition.set(new PyStr('security'), security);
  }
}

/** `set_path_default_authorizer`: methods without an authorizer of their own (or `NONE`) get the default. */
export function setPathDefaultAuthorizer(
  editor: SwaggerEditor,
  path: string,
  defaultAuthorizer: string,
  authorizerNames: readonly string[],
  scopes: ReadonlyMap<string, AuthorizerScopes>,
  addToPreflight: boolean,
): void {
  for (const [method, definition] of editor.allMethods(path)) {
    if (!addToPreflight && method === 'options') continue;
    const names = new Set(['AWS_IAM', ...authorizerNames]);
    const others: unknown[] = [];
    const existingAuthorizers: unknown[] = [];
    for (const security of securityOf(definition, path, method)) {
      if (!isPyDict(security))
        throw invalidTemplate(
          `${pythonStr(security)} in Security for path ${path} method ${method} is not a valid dictionary.`,
        );
      if (security.keys().some((key) => names.has(key))) existingAuthorizers.push(security);
      else others.push(security);
    }
    let authorizerSecurity: unknown[] = [];
    const noneIndex = others.findIndex((security) => (security as Py27Dict).keys().includes('NONE'));
    if (noneIndex > -1) others.splice(noneIndex, 1);
    else if (existingAuthorizers.length > 0) authorizerSecurity = existingAuthorizers;
    else {
      const securityDict = py27Dict();
      const authorizer = scopes.get(defaultAuthorizer);
      const defaultScopes = authorizer?.authorizationScopes ?? [];
      securityDict.set(defaultAuthorizer, defaultScopes);
      authorizerSecurity = [securityDict];
    }
    const security = [...others, ...authorizerSecurity];
    if (security.length === 0) continue;
    definition.set(new PyStr('security'), security);
    if (isPyDict(security[0]) && security[0].has('AWS_IAM')) addAwsIamSecurityDefinition(editor);
  }
}

/** `set_path_default_apikey_required`: methods without their own ApiKeyRequired setting require an API key. */
export function setPathDefaultApiKeyRequired(editor: SwaggerEditor, path: string, requiredOnOptions: boolean): void {
  for (const [method, definition] of editor.allMethods(path)) {
    const others: unknown[] = [];
    const apiKeys: unknown[] = [];
    const existing = securityOf(definition, path, method);
    for (const security of existing) {
      if (!isPyDict(security))
        throw invalidTemplate(
          `${pythonStr(security)} in Security for path ${path} method ${method} is not a valid dictionary.`,
        );
      if (security.keys().some((key) => key === 'api_key' || key === 'api_key_false')) apiKeys.push(security);
      else others.push(security);
    }
    let apiKeySecurity: unknown[] = [];
    const falseIndex = apiKeys.findIndex((security) => (security as Py27Dict).keys().includes('api_key_false'));
    if (falseIndex > -1) apiKeys.splice(falseIndex, 1);
    else {
      const securityDict = py27Dict();
      securityDict.set(new PyStr('api_key'), []);
      apiKeySecurity = [securityDict];
    }
    let security = [...others, ...apiKeySecurity];
    if (method === 'options' && !requiredOnOptions) security = others;
    if (!pyEqual(security, existing)) definition.set(new PyStr('security'), security);
  }
}
