import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext } from './function-event-source.ts';
import { FUNCTION_EVENT_SOURCES } from './function-event-sources.ts';
import { EVENT_PROPERTIES, isFunctionEventType } from './events/event-properties.ts';
import { EVENT_PROPERTY_TYPES } from './events/event-property-types.ts';
import { checkPropertyValues } from './sam-property-types.ts';
import { SamResourceError } from './sam-resource-error.ts';

/** The function and what was generated for it, which every event source of the function sees. */
export type FunctionEventTarget = Omit<FunctionEventContext, 'eventId' | 'properties'>;

/**
 * Runs each of the function's `Events` through its registered source, in samtranslator's order, adding
 * what they generate to `resources`; events of an unregistered type are reported as not emulated.
 */
export function transformFunctionEvents(
  target: FunctionEventTarget,
  resources: Record<string, Record<string, unknown>>,
): void {
  const p = isPlainObject(target.resource['Properties']) ? target.resource['Properties'] : {};
  const events = isPlainObject(p['Events']) ? p['Events'] : {};
  validateEvents(target.functionId, events);
  for (const [eventId, event] of orderedEvents(events)) {
    const type = isPlainObject(event) ? String(event['Type']) : 'unknown';
    const source = FUNCTION_EVENT_SOURCES.get(type);
    if (source === undefined || !isPlainObject(event)) {
      target.scope.notEmulated(`${target.functionId}: event ${eventId} (${type}) is not emulated locally`);
      continue;
    }
    const properties = isPlainObject(event['Properties']) ? event['Properties'] : {};
    Object.assign(resources, source({ ...target, eventId, properties }));
  }
}

/**
 * samtranslator's event order: by `Properties.Path` when there is one (so an HttpApi `$default`
 * comes before `/`), else by the event's name. It decides the order of policies added to the role.
 */
function orderedEvents(events: Record<string, unknown>): Array<[string, unknown]> {
  const key = ([eventId, event]: [string, unknown]): string => {
    const properties = isPlainObject(event) ? event['Properties'] : undefined;
    const path = isPlainObject(properties) ? properties['Path'] : undefined;
    return typeof path === 'string' ? path : eventId;
  };
  // Python compares strings by code point; localeCompare would not.
  return Object.entries(events).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Python's type name of a template value that is not a dict. */
function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'list';
}

/**
 * samtranslator resolves a function's events (`resources_to_link`) before it checks the function's
 * properties: an event that is not a map fails there, as Python's `event.get` on it does.
 */
export function checkEventsAreMaps(functionId: string, events: unknown): void {
  if (!isPlainObject(events)) return;
  for (const [eventId, event] of Object.entries(events))
    if (!isPlainObject(event))
      throw new SamResourceError(
        functionId,
        `Event with id [${eventId}] is invalid. '${pythonTypeName(event)}' object has no attribute 'get'`,
      );
}

/** samtranslator's checks before any event is transformed: a known `Type`, and only its properties. */
function validateEvents(functionId: string, events: Record<string, unknown>): void {
  for (const [eventId, event] of Object.entries(events)) {
    const type = isPlainObject(event) ? event['Type'] : undefined;
    if (!isFunctionEventType(type))
      throw new SamResourceError(
        functionId,
        `Event with id [${eventId}] is invalid. Resource dict has missing or invalid value for key Type. Event Type is: ${type === undefined || type === null ? 'None' : String(type)}.`,
      );
    const allowed = EVENT_PROPERTIES.get(type as string);
    const properties = isPlainObject(event) && isPlainObject(event['Properties']) ? event['Properties'] : {};
    for (const name of Object.keys(properties))
      if (allowed !== undefined && !allowed.has(name))
        throw new SamResourceError(
          functionId + eventId,
          `property ${name} not defined for resource of type ${String(type)}`,
        );
    const types = EVENT_PROPERTY_TYPES.get(type as string);
    if (types !== undefined) checkPropertyValues(functionId + eventId, properties, types.types, types.required);
  }
}
