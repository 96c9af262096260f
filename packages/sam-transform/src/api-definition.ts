import { isPlainObject } from '@toolkit/intrinsics';
import { API_EVENT_OWNERS, IMPLICIT_REST_API, isStateMachineEvent, restApiIdString } from './api-events.ts';
import { addPathConditions } from './api-conditions.ts';
import { addEventToSwagger, overrideApiAuth } from './api-integration.ts';
import { fixOpenApiVersion } from './api-openapi.ts';
import { fromTemplate, type Py27Dict } from './py27-dict.ts';
import { py27KeyOrder } from './py27-repr.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { restDefinitionBody } from './rest-api-http-route.ts';
import type { SamScope } from './sam-scope.ts';
import { addStateMachineToSwagger } from './state-machine-api-event.ts';
import { SwaggerEditor, swaggerSkeleton, truthy } from './swagger-editor.ts';

/** One Api event of a function, as samtranslator's swagger passes see it (template values in the Python model). */
export interface ApiEventInput {
  functionId: string;
  eventId: string;
  function: Record<string, unknown>;
  properties: Py27Dict;
}

/** samtranslator's InvalidEventException raised while a function's event is transformed. */
export function eventError(event: Pick<ApiEventInput, 'functionId' | 'eventId'>, reason: string): SamResourceError {
  return new SamResourceError(event.functionId, `Event with id [${event.eventId}] is invalid. ${reason}`);
}

/**
 * The Api events that name `apiId`, in the order samtranslator visits them: resources and each
 * function's events iterate as Python 2.7 dicts (the template was converted to Py27Dicts).
 */
export function apiEventsFor(apiId: string, scope: SamScope): ApiEventInput[] {
  const ids = Object.keys(scope.resources);
  const order = py27KeyOrder(ids.includes(IMPLICIT_REST_API) ? ids : [...ids, IMPLICIT_REST_API]);
  const allIds = ids.includes(IMPLICIT_REST_API) ? ids : [...ids, IMPLICIT_REST_API];
  const found: ApiEventInput[] = [];
  for (const index of order) {
    const functionId = allIds[index]!;
    const resource = scope.resources[functionId];
    if (!isPlainObject(resource) || !API_EVENT_OWNERS.includes(resource['Type'] as string)) continue;
    const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
    const events = isPlainObject(p['Events']) ? p['Events'] : {};
    const eventIds = Object.keys(events);
    const apiIds = py27KeyOrder(eventIds)
      .map((i) => eventIds[i]!)
      .filter((id) => isPlainObject(events[id]) && events[id]['Type'] === 'Api');
    for (const i of py27KeyOrder(apiIds)) {
      const eventId = apiIds[i]!;
      const event = events[eventId] as Record<string, unknown>;
      if (!isPlainObject(event['Properties'])) continue;
      const named =
        'RestApiId' in event['Properties'] ? restApiIdString(event['Properties']['RestApiId']) : IMPLICIT_REST_API;
      if (named !== apiId) continue;
      found.push({
        functionId,
        eventId,
        function: resource,
        properties: fromTemplate(event['Properties']) as Py27Dict,
      });
    }
  }
  return found;
}

/** An Api's definition before samtranslator's API generator runs, and whether SAM manages it. */
export interface ApiDefinition {
  body: unknown;
  managed: boolean;
  /** The error each function or state machine raised while adding its events (its later events then add nothing). */
  eventErrors: ReadonlyMap<string, SamResourceError>;
}

/**
 * The Api's swagger as samtranslator has it when the Api itself is transformed: its DefinitionBody (or the
 * skeleton of a managed Api with each event's path and method added), then each event's Lambda integration,
 * auth, timeout, request model and parameters (added while the functions are transformed).
 */
export function apiDefinition(apiId: string, properties: Record<string, unknown>, scope: SamScope): ApiDefinition {
  const managed = !truthy(fromTemplate(properties['DefinitionBody'])) && !truthy(properties['DefinitionUri']);
  let body = managed ? swaggerSkeleton() : restDefinitionBody(apiId, properties['DefinitionBody'], scope);
  const events = apiEventsFor(apiId, scope);
  if (managed) {
    for (const event of events) {
      const editor = new SwaggerEditor(body);
      editor.addPath(event.properties.get('Path') as string, event.properties.get('Method'));
      body = editor.swagger;
    }
    body = addPathConditions(apiId, body, events, scope);
    fixOpenApiVersion(body, properties['OpenApiVersion']);
  }
  const api = fromTemplate(properties) as Py27Dict;
  const eventErrors = new Map<string, SamResourceError>();
  for (const event of transformOrder(events, scope)) {
    if (eventErrors.has(event.functionId)) continue;
    // An owner's failed event leaves the swagger as it was (samtranslator keeps the edit only once it is whole).
    try {
      body = withEvent(apiId, api, body, event, managed, scope);
    } catch (error) {
      if (!(error instanceof SamResourceError)) throw error;
      eventErrors.set(event.functionId, error);
    }
  }
  return { body, managed, eventErrors };
}

function withEvent(
  apiId: string,
  api: Py27Dict,
  body: unknown,
  event: ApiEventInput,
  managed: boolean,
  scope: SamScope,
): unknown {
  // A state machine's event edits only a managed API's swagger (no MergeDefinitions, no OverrideApiAuth).
  if (isStateMachineEvent(event)) return managed ? addStateMachineToSwagger(apiId, api, body, event, scope) : body;
  if (managed || truthy(api.get('MergeDefinitions'))) body = addEventToSwagger(apiId, api, body, event, scope);
  return overrideApiAuth(apiId, api, body, event, scope);
}

const definitions = new WeakMap<SamScope, Map<string, ApiDefinition | undefined>>();

/**
 * The error a function's (or state machine's) Api events raise while they edit the swagger of `apiId`
 * (a duplicate method, their Auth, RequestModel, …): samtranslator raises it while transforming that
 * function, so the function reports it.
 */
export function apiEventError(apiId: string, ownerId: string, scope: SamScope): SamResourceError | undefined {
  const known = definitions.get(scope) ?? new Map<string, ApiDefinition | undefined>();
  definitions.set(scope, known);
  if (!known.has(apiId)) {
    const api = scope.resources[apiId];
    let definition: ApiDefinition | undefined;
    if (isPlainObject(api) && api['Type'] === 'AWS::Serverless::Api' && isPlainObject(api['Properties']))
      try {
        definition = apiDefinition(apiId, api['Properties'], scope);
      } catch {
        // The Api's own errors are the Api's to report when it is transformed.
        definition = undefined;
      }
    known.set(apiId, definition);
  }
  return known.get(apiId)?.eventErrors.get(ownerId);
}

/**
 * The order resources transform their events in: functions first, each one's events sorted by Path
 * (samtranslator's `order_events`), then state machines, each one's events in its `Events` dict's order.
 */
function transformOrder(events: readonly ApiEventInput[], scope: SamScope): ApiEventInput[] {
  const byOwner = new Map<string, ApiEventInput[]>();
  for (const event of events) byOwner.set(event.functionId, [...(byOwner.get(event.functionId) ?? []), event]);
  const path = (event: ApiEventInput) => String(event.properties.get('Path'));
  const lists = [...byOwner.values()];
  const functions = lists.filter((list) => !isStateMachineEvent(list[0]!));
  const stateMachines = lists.filter((list) => isStateMachineEvent(list[0]!));
  return [
    ...functions.flatMap((list) => [...list].sort((a, b) => (path(a) < path(b) ? -1 : path(a) > path(b) ? 1 : 0))),
    ...stateMachines.flatMap((list) => eventsInDictOrder(list, scope)),
  ];
}

/** A state machine's events as Python 2.7 iterates its whole `Events` map. */
function eventsInDictOrder(list: readonly ApiEventInput[], scope: SamScope): ApiEventInput[] {
  const resource = scope.resources[list[0]!.functionId];
  const p = isPlainObject(resource) && isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  const ids = Object.keys(isPlainObject(p['Events']) ? p['Events'] : {});
  const rank = new Map(py27KeyOrder(ids).map((index, position) => [ids[index]!, position]));
  return [...list].sort((a, b) => rank.get(a.eventId)! - rank.get(b.eventId)!);
}
