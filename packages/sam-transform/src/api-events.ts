import { isPlainObject } from '@toolkit/intrinsics';

/** The implicit API samtranslator adds for Api events that name no RestApiId. */
export const IMPLICIT_REST_API = 'ServerlessRestApi';

/** One `Type: Api` event of a function, with the API it belongs to. */
export interface ApiEvent {
  functionId: string;
  eventId: string;
  function: Record<string, unknown>;
  properties: Record<string, unknown>;
  /** The logical id of the API it names (or the implicit API's); undefined when RestApiId is not a local reference. */
  apiId: string | undefined;
}

/** The logical id an Api event's RestApiId names (`Ref: X` or the string), else undefined. */
export function restApiIdString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return isPlainObject(value) && typeof value['Ref'] === 'string' ? value['Ref'] : undefined;
}

/** Every Api event of every function, in document order. */
export function apiEvents(resources: Readonly<Record<string, unknown>>): ApiEvent[] {
  const found: ApiEvent[] = [];
  for (const [functionId, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || resource['Type'] !== 'AWS::Serverless::Function') continue;
    const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
    for (const [eventId, event] of Object.entries(isPlainObject(p['Events']) ? p['Events'] : {})) {
      if (!isPlainObject(event) || event['Type'] !== 'Api') continue;
      const properties = isPlainObject(event['Properties']) ? event['Properties'] : {};
      const apiId = 'RestApiId' in properties ? restApiIdString(properties['RestApiId']) : IMPLICIT_REST_API;
      found.push({ functionId, eventId, function: resource, properties, apiId });
    }
  }
  return found;
}

/**
 * Adds `ServerlessRestApi` (StageName Prod, its swagger made from the events) when a function has an
 * Api event without RestApiId, as samtranslator's implicit API plugin does; before Globals are merged,
 * so `Globals.Api` applies to it too.
 */
export function addImplicitRestApi(template: Record<string, unknown>): void {
  const resources = isPlainObject(template['Resources']) ? template['Resources'] : undefined;
  if (resources === undefined || IMPLICIT_REST_API in resources) return;
  if (!apiEvents(resources).some((event) => event.apiId === IMPLICIT_REST_API)) return;
  resources[IMPLICIT_REST_API] = { Type: 'AWS::Serverless::Api', Properties: { StageName: 'Prod' } };
}
