import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext } from './function-event-source.ts';
import { FUNCTION_EVENT_SOURCES } from './function-event-sources.ts';

/** The function and what was generated for it, which every event source of the function sees. */
export type FunctionEventTarget = Omit<FunctionEventContext, 'eventId' | 'properties'>;

/**
 * Runs each of the function's `Events` through its registered source, in document order, adding
 * what they generate to `resources`; events of an unregistered type are reported as not emulated.
 */
export function transformFunctionEvents(
  target: FunctionEventTarget,
  resources: Record<string, Record<string, unknown>>,
): void {
  const p = isPlainObject(target.resource['Properties']) ? target.resource['Properties'] : {};
  const events = isPlainObject(p['Events']) ? p['Events'] : {};
  for (const [eventId, event] of Object.entries(events)) {
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
