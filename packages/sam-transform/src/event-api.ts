import { isPlainObject } from '@toolkit/intrinsics';
import { apiEventError } from './api-definition.ts';
import { IMPLICIT_REST_API, restApiIdString } from './api-events.ts';
import { apiGatewayPermission, pathWithWildcards } from './api-gateway-permission.ts';
import type { FunctionEventSource } from './function-event-source.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { samLogicalId } from './sam-logical-id.ts';
import type { SamScope } from './sam-scope.ts';

/**
 * `Type: Api`: the Lambda permission that lets API Gateway invoke the function on the event's method
 * and path (the path and integration themselves go into the API's swagger, see `api-integration.ts`).
 */
export const apiEventSource: FunctionEventSource = ({ functionId, eventId, properties, resource, aliasId, scope }) => {
  const implicit = !('RestApiId' in properties);
  const apiId = implicit ? IMPLICIT_REST_API : restApiIdString(properties['RestApiId']);
  // What the event's integration, auth, model and parameters raise in the API's swagger (api-definition.ts).
  const swaggerError = apiId === undefined ? undefined : apiEventError(apiId, functionId, scope);
  if (swaggerError !== undefined) throw swaggerError;
  const apiRef = implicit ? { Ref: IMPLICIT_REST_API } : properties['RestApiId'];
  const suffix = implicit ? 'Prod' : stageSuffix(restApiIdString(properties['RestApiId']), scope.resources);
  const path = pathWithWildcards(String(properties['Path'] ?? '').replace(/^(.+)\/$/, '$1'));
  const method =
    String(properties['Method'] ?? '').toLowerCase() === 'any' ? '*' : String(properties['Method']).toUpperCase();
  const prefix = `${functionId}${eventId}Permission`;
  const logicalId = /^[\p{L}\p{N}]+$/u.test(suffix) ? `${prefix}${suffix}` : samLogicalId(prefix, suffix);
  const arn = `arn:${scope.partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${method}${path}`;
  return { [logicalId]: apiGatewayPermission({ functionId, resource, aliasId }, arn, apiRef) };
};

/** The stage an explicit API deploys to names the permission: its StageName, `Stage` for an intrinsic, else `AllStages`. */
function stageSuffix(apiId: string | undefined, resources: Readonly<Record<string, unknown>>): string {
  if (apiId === undefined) return 'AllStages';
  const api = resources[apiId];
  const stage = isPlainObject(api) && isPlainObject(api['Properties']) ? api['Properties']['StageName'] : undefined;
  if (typeof stage !== 'string') return 'Stage';
  if (stage === '') throw new SamResourceError(apiId, 'StageName cannot be empty.');
  return stage;
}

/**
 * samtranslator's `resources_to_link` for a function's Api events, before the function is transformed: an
 * API named by RestApiId must have map Properties (else the API's error ends this function too).
 */
export function checkApiEventLinks(events: unknown, scope: SamScope): void {
  if (!isPlainObject(events)) return;
  for (const event of Object.values(events)) {
    if (!isPlainObject(event) || event['Type'] !== 'Api' || !isPlainObject(event['Properties'])) continue;
    if (!('RestApiId' in event['Properties'])) continue;
    const apiId = restApiIdString(event['Properties']['RestApiId']);
    const api = apiId === undefined ? undefined : scope.resources[apiId];
    if (apiId === undefined || !isPlainObject(api)) continue;
    const properties = api['Properties'] ?? {};
    if (!isPlainObject(properties)) throw new SamResourceError(apiId, "Attribute 'Properties' should be a map.");
  }
}
