import { isPlainObject } from '@toolkit/intrinsics';
import { type OpenApiEditor, pythonRepr } from './open-api-editor.ts';
import { samExpect } from './sam-expect.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { SamTemplateError } from './sam-template-error.ts';

/** An HttpApi event's `Auth` on its route, and where it is. */
export interface HttpEventAuth {
  functionId: string;
  eventId: string;
  apiId: string;
  api: Record<string, unknown>;
  editor: OpenApiEditor;
  path: string;
  method: string;
  auth: unknown;
}

/** The authorizer an HttpApi event's route gets, the API's authorizers and the event's scopes. */
export interface RouteAuthorizer {
  name: string;
  authorizers: unknown;
  scopes: unknown[];
}

/**
 * samtranslator's `_add_auth_to_openapi_integration`: the event's Authorizer (or the API's
 * DefaultAuthorizer) must be one the API defines (`NONE` only beside a default, `AWS_IAM` when IAM is
 * enabled); it goes into the route's `security` with the event's or authorizer's scopes.
 */
export function httpEventAuth(input: HttpEventAuth): void {
  const { name, authorizers, scopes } = routeAuthorizer(input);
  setMethodAuthorizer(input.editor, input.path, input.method, name, authorizers, scopes);
}

/** The checks of `_add_auth_to_openapi_integration`, and the authorizer they leave for the route. */
export function routeAuthorizer({
  functionId,
  eventId,
  apiId,
  api,
  path,
  method,
  auth,
}: Omit<HttpEventAuth, 'editor'>): RouteAuthorizer {
  const fail = (reason: string): never => {
    throw new SamResourceError(functionId, `Event with id [${eventId}] is invalid. ${reason}`);
  };
  const eventAuth = auth as Record<string, unknown>;
  const apiAuth = samExpect<Record<string, unknown>>('Auth' in api ? api['Auth'] : {}, apiId, 'Auth', 'map');
  let authorizer = eventAuth['Authorizer'];
  if (!authorizer) {
    if (!apiAuth['DefaultAuthorizer'])
      fail("'Auth' section requires either an explicit 'Authorizer' set or a 'DefaultAuthorizer' configured on the HttpApi."); // prettier-ignore
    authorizer = eventAuth['Authorizer'] = apiAuth['DefaultAuthorizer'];
  }
  // Python's `api_auth and api_auth.get("Authorizers")`: an empty Auth stands for its authorizers.
  const authorizers = Object.keys(apiAuth).length === 0 ? apiAuth : apiAuth['Authorizers'];
  const iamEnabled = apiAuth['EnableIamAuthorizer'] === true;
  const at = `on API method [${method}] for path [${path}]`;
  if (authorizer !== 'NONE' && !(authorizer === 'AWS_IAM' && iamEnabled))
    if (typeof authorizer !== 'string' || !isPlainObject(authorizers))
      fail(`Unable to set Authorizer [${pythonRepr(authorizer).replace(/^'(.*)'$/s, '$1')}] ${at}. The method authorizer must be a string with a corresponding dict entry in the api authorizer.`); // prettier-ignore
  if (authorizer === 'NONE') {
    if (!apiAuth['DefaultAuthorizer'])
      fail(`Unable to set Authorizer ${at} because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified.`); // prettier-ignore
  } else if (authorizer !== 'AWS_IAM' || !iamEnabled) {
    if (!isPlainObject(authorizers) || Object.keys(authorizers).length === 0)
      fail(`Unable to set Authorizer [${String(authorizer)}] ${at} because the related API does not define any Authorizers.`); // prettier-ignore
    if (!Object.hasOwn(authorizers as object, authorizer as string) || !(authorizers as Record<string, unknown>)[authorizer as string]) // prettier-ignore
      fail(`Unable to set Authorizer [${String(authorizer)}] ${at} because it wasn't defined in the API's Authorizers.`); // prettier-ignore
  }
  const scopes = eventAuth['AuthorizationScopes'];
  if (scopes && !Array.isArray(scopes))
    fail(`Unable to set Authorizer ${at} because 'AuthorizationScopes' must be a list of strings.`);
  return { name: authorizer as string, authorizers, scopes: (scopes as unknown[]) ?? [] };
}

function setMethodAuthorizer(
  editor: OpenApiEditor,
  path: string,
  method: string,
  name: string,
  authorizers: unknown,
  scopes: unknown[],
): void {
  for (const definition of editor.methodDefinitions(path, method)) {
    let granted: unknown = [];
    if (name !== 'NONE' && name !== 'AWS_IAM') {
      const entry = isPlainObject(authorizers) && Object.hasOwn(authorizers, name) ? authorizers[name] : {};
      if (!isPlainObject(entry)) throw new SamTemplateError(`Type of authorizer '${name}' must be a dictionary`);
      const own = scopes.length > 0 ? scopes : entry['AuthorizationScopes'];
      if (Object.keys(entry).length > 0 && own && (!Array.isArray(own) || own.length > 0)) granted = own;
    }
    const existing = definition['security'] ?? [];
    if (!Array.isArray(existing))
      throw new SamTemplateError(`Type of security for path ${path} method ${method} must be a list`);
    definition['security'] = [...existing, { [name]: granted }];
  }
}
