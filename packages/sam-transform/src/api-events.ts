import { isPlainObject } from '@toolkit/intrinsics';
import { implicitApiAttributes } from './api-conditions.ts';
import { py27KeyOrder } from './py27-repr.ts';

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

/** The types whose `Api` events put methods on a REST API. */
export const API_EVENT_OWNERS: readonly string[] = ['AWS::Serverless::Function', 'AWS::Serverless::StateMachine'];

/** Every Api event of every function and state machine, in document order. */
export function apiEvents(resources: Readonly<Record<string, unknown>>): ApiEvent[] {
  const found: ApiEvent[] = [];
  for (const [functionId, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || !API_EVENT_OWNERS.includes(resource['Type'] as string)) continue;
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
 * Api event without RestApiId, as samtranslator's implicit API plugin does (replacing a resource of that
 * id); before Globals are merged, so `Globals.Api` applies to it too. Its Condition, DeletionPolicy and
 * UpdateReplacePolicy come from the functions whose events it serves.
 */
export function addImplicitRestApi(template: Record<string, unknown>): void {
  const resources = isPlainObject(template['Resources']) ? template['Resources'] : undefined;
  if (resources === undefined) return;
  const events = apiEvents(resources).filter(
    (event) => event.apiId === IMPLICIT_REST_API && Object.keys(event.properties).length > 0,
  );
  if (events.length === 0) return;
  const api: Record<string, unknown> = { Type: 'AWS::Serverless::Api', Properties: { StageName: 'Prod' } };
  const paths = new Map<string, Map<string, unknown>>();
  for (const event of events) {
    propagateFunctionTags(api['Properties'] as Record<string, unknown>, event.function, globalsOf(template, event));
    const path = String(event.properties['Path']);
    const methods = paths.get(path) ?? new Map<string, unknown>();
    paths.set(path, methods);
    methods.set(String(event.properties['Method']), event.function['Condition'] ?? null);
  }
  implicitApiAttributes(
    template,
    api,
    events.map((event) => event.function),
    paths,
  );
  resources[IMPLICIT_REST_API] = api;
}

/** The Globals section of the event's resource type (`Function` or `StateMachine`). */
function globalsOf(template: Record<string, unknown>, event: ApiEvent): Record<string, unknown> {
  const section = String(event.function['Type']).replace('AWS::Serverless::', '');
  const globals = isPlainObject(template['Globals']) ? template['Globals'][section] : undefined;
  return isPlainObject(globals) ? globals : {};
}

/** Whether an Api event belongs to an `AWS::Serverless::StateMachine` (else to a function). */
export const isStateMachineEvent = (event: { function: Record<string, unknown> }): boolean =>
  event.function['Type'] === 'AWS::Serverless::StateMachine';

/** A function (or state machine) with `PropagateTags` (or Globals') gives its Tags to the implicit API its events make. */
function propagateFunctionTags(
  api: Record<string, unknown>,
  fn: Record<string, unknown>,
  globals: Record<string, unknown>,
): void {
  const p = isPlainObject(fn['Properties']) ? fn['Properties'] : {};
  const propagate = p['PropagateTags'] || globals['PropagateTags'];
  const tags = p['Tags'] || globals['Tags'];
  if (!propagate || !isPlainObject(tags) || Object.keys(tags).length === 0) return;
  api['Tags'] = { ...(isPlainObject(api['Tags']) ? api['Tags'] : {}), ...tags };
  api['PropagateTags'] = true;
}

/** `Event with id [E] is invalid. <reason>` reported against the function, as samtranslator wraps event errors. */
function eventError(event: { functionId: string; eventId: string }, reason: string): string {
  return `Resource with id [${event.functionId}] is invalid. Event with id [${event.eventId}] is invalid. ${reason}`;
}

/**
 * The checks samtranslator's implicit API plugin makes on functions' and state machines' Api events
 * before any resource is transformed (its errors, one per function, end the transform there): Path and Method present and
 * strings, RestApiId a reference to an `AWS::Serverless::Api` of the template.
 */
export function apiEventErrors(resources: Readonly<Record<string, unknown>>): string[] {
  const errors: string[] = [];
  for (const [functionId, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || !API_EVENT_OWNERS.includes(resource['Type'] as string)) continue;
    const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
    for (const [eventId, event] of Object.entries(isPlainObject(p['Events']) ? p['Events'] : {})) {
      if (!isPlainObject(event) || event['Type'] !== 'Api' || !event['Properties']) continue;
      const reason = apiEventProblem(event['Properties'], resources);
      if (reason !== undefined) {
        errors.push(eventError({ functionId, eventId }, reason));
        break;
      }
    }
  }
  return errors;
}

function apiEventProblem(properties: unknown, resources: Readonly<Record<string, unknown>>): string | undefined {
  if (!isPlainObject(properties)) return 'Properties should be a map.';
  for (const name of ['Path', 'Method'])
    if (properties[name] === undefined || properties[name] === null) return `Property '${name}' is required.`;
  const apiId = 'RestApiId' in properties ? restApiIdOrValue(properties['RestApiId']) : IMPLICIT_REST_API;
  if (typeof apiId !== 'string') return "Property 'RestApiId' should be a string.";
  for (const name of ['Path', 'Method'])
    if (typeof properties[name] !== 'string') return `Property '${name}' should be a string.`;
  if (apiId === IMPLICIT_REST_API && !(apiId in resources)) return undefined;
  const api = resources[apiId];
  if (!isPlainObject(api) || api['Type'] === 'AWS::Serverless::HttpApi')
    return "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.";
  return undefined;
}

/** samtranslator's `get_rest_api_id_string`: the Ref's target, else the value itself. */
function restApiIdOrValue(value: unknown): unknown {
  return isPlainObject(value) && 'Ref' in value ? value['Ref'] : value;
}

/**
 * The resources in the order samtranslator iterates them: a template with an `AWS::Serverless::Api` (the
 * implicit one included) has its Resources converted to a Py27Dict, which iterates in Python 2.7 order.
 */
export function resourcesInSamtranslatorOrder(resources: Record<string, unknown>): Array<[string, unknown]> {
  const entries = Object.entries(resources);
  const hasApi = entries.some(([, resource]) => isPlainObject(resource) && resource['Type'] === 'AWS::Serverless::Api');
  if (!hasApi) return entries;
  return py27KeyOrder(entries.map(([id]) => id)).map((index) => entries[index]!);
}
