import { eventError, type ApiEventInput } from './api-definition.ts';
import { isStateMachineEvent } from './api-events.ts';
import { isPyDict, type Py27Dict } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { SamResourceError } from './sam-resource-error.ts';
import type { SamScope } from './sam-scope.ts';
import { pythonStr, truthy, type SwaggerEditor } from './swagger-editor.ts';
import { addCustomStatements, addResourcePolicy } from './swagger-resource-policy.ts';
import { setMethodApiKey, setMethodAuthorizer } from './swagger-security.ts';

/** The stage an event's permission names (samtranslator's `Stage` of the event): its own `Prod`, the StageName, or its own `Stage`. */
export function eventStage(api: Py27Dict, event: ApiEventInput): unknown {
  // A state machine's event makes no permission to set it from: its own Stage property stays (None when unset).
  if (isStateMachineEvent(event)) return event.properties.get('Stage') ?? null;
  if (!event.properties.has('RestApiId')) return new PyStr('Prod');
  const stage = api.get('StageName');
  return typeof stage === 'string' ? stage : new PyStr('Stage');
}

/** samtranslator's `Api.add_auth_to_swagger`: an event's Auth (authorizer, scopes, API key, resource policy). */
export function addEventAuth(
  editor: SwaggerEditor,
  apiId: string,
  api: Py27Dict,
  event: ApiEventInput,
  scope: SamScope,
): void {
  const auth = event.properties.get('Auth') as Py27Dict;
  const method = pythonStr(event.properties.get('Method')).toLowerCase();
  const path = event.properties.get('Path') as string;
  const where = `on API method [${method}] for path [${path}]`;
  const methodAuthorizer = auth.get('Authorizer');
  const apiAuth = api.get('Auth');
  const apiAuthMap = isPyDict(apiAuth) ? apiAuth : undefined;
  if (truthy(methodAuthorizer)) {
    const authorizers = apiAuthMap?.get('Authorizers');
    if (truthy(authorizers) && !isPyDict(authorizers))
      throw new SamResourceError(apiId, "Property 'Auth.Authorizers' should be a map.");
    const name = pythonStr(methodAuthorizer);
    if (name !== 'AWS_IAM') {
      if (name !== 'NONE') {
        if (!truthy(authorizers))
          throw eventError(
            event,
            `Unable to set Authorizer [${name}] ${where} because the related API does not define any Authorizers.`,
          );
        checkAuthorizerType(event, where, methodAuthorizer, authorizers);
        if (!truthy((authorizers as Py27Dict).get(name)))
          throw eventError(
            event,
            `Unable to set Authorizer [${name}] ${where} because it wasn't defined in the API's Authorizers.`,
          );
      } else if (!truthy(apiAuthMap?.get('DefaultAuthorizer')))
        throw eventError(
          event,
          `Unable to set Authorizer ${where} because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified.`,
        );
    }
  }
  const scopes = auth.get('AuthorizationScopes');
  if (truthy(scopes)) {
    if (!Array.isArray(scopes)) throw eventError(event, "Property 'Auth.AuthorizationScopes' should be a list.");
    if (!truthy(methodAuthorizer)) throw eventError(event, 'AuthorizationScopes works only when Authorizer is set');
  }
  const apiKeyRequired = auth.get('ApiKeyRequired');
  const apiKeyFalse = apiKeyRequired !== undefined && apiKeyRequired !== null && !truthy(apiKeyRequired);
  if (apiKeyFalse && !truthy(apiAuthMap?.get('ApiKeyRequired')))
    throw eventError(
      event,
      `Unable to set ApiKeyRequired [False] ${where} because the related API does not specify any ApiKeyRequired.`,
    );
  if (truthy(methodAuthorizer) || (apiKeyRequired !== undefined && apiKeyRequired !== null)) {
    if (truthy(methodAuthorizer))
      setMethodAuthorizer(editor, path, method, methodAuthorizer, apiAuthMap?.get('Authorizers'), scopes);
    if (apiKeyRequired !== undefined && apiKeyRequired !== null) setMethodApiKey(editor, path, method, apiKeyRequired);
  }
  const policy = auth.get('ResourcePolicy');
  if (truthy(policy)) {
    if (!isPyDict(policy)) throw eventError(event, "Property 'Auth.ResourcePolicy' should be a map.");
    addResourcePolicy(editor, policy, path, eventStage(api, event), scope.partition);
    if (truthy(policy.get('CustomStatements'))) addCustomStatements(editor, policy.get('CustomStatements'));
  }
}

function checkAuthorizerType(event: ApiEventInput, where: string, authorizer: unknown, authorizers: unknown): void {
  if (typeof authorizer !== 'string' || !isPyDict(authorizers))
    throw eventError(
      event,
      `Unable to set Authorizer [${pythonStr(authorizer)}] ${where}. The method authorizer must be a string with a corresponding dict entry in the api authorizer.`,
    );
}
