import { isPlainObject } from '@toolkit/intrinsics';
import { SamResourceError } from './sam-resource-error.ts';

/** The value types samtranslator's `sam_expect` checks, by the word its messages use. */
export type ExpectedType = 'map' | 'list' | 'string' | 'integer' | 'boolean';

const CHECKS: Readonly<Record<ExpectedType, (value: unknown) => boolean>> = {
  map: isPlainObject,
  list: Array.isArray,
  string: (value) => typeof value === 'string',
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
};

/**
 * samtranslator's `sam_expect(value, id, keyPath).to_be_a_…()`: returns the value, else throws
 * `Property '<keyPath>' should be a <type>.` against the resource (or, for an event, the event id
 * inside the function's error).
 */
export function samExpect<T = unknown>(
  value: unknown,
  resourceId: string,
  keyPath: string,
  type: ExpectedType,
  event?: { functionId: string },
): T {
  if (CHECKS[type](value)) return value as T;
  const reason = `Property '${keyPath}' should be a ${type}.`;
  if (event === undefined) throw new SamResourceError(resourceId, reason);
  throw new SamResourceError(event.functionId, `Event with id [${resourceId}] is invalid. ${reason}`);
}
