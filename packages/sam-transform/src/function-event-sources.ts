import { apiEventSource } from './event-api.ts';
import { httpApiEventSource } from './event-http-api.ts';
import type { FunctionEventSource } from './function-event-source.ts';

/**
 * Event sources by event `Type`. Adding one is a file exporting a `FunctionEventSource` and one
 * line here; an event whose type is missing is reported in `notEmulated` and generates nothing.
 */
export const FUNCTION_EVENT_SOURCES: ReadonlyMap<string, FunctionEventSource> = new Map<string, FunctionEventSource>([
  ['Api', apiEventSource],
  ['HttpApi', httpApiEventSource],
]);
