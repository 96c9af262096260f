import { ServiceError } from '../service-error.ts';

/** Names that reach an object's prototype machinery when used as a property key. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a name from the wire would touch prototype machinery if it indexed a plain object. */
export function isPrototypeName(name: string): boolean {
  return PROTOTYPE_NAMES.has(name);
}

/**
 * Refuses a name from the wire that could reach `Object.prototype`, with the
 * validation error of the protocol that carried it (`ValidationError` for query
 * services, `ValidationException` for JSON ones).
 */
export function refusePrototypeName(name: string, where: string, code = 'ValidationError'): void {
  if (isPrototypeName(name)) {
    throw new ServiceError(code, 400, `1 validation error detected: ${where} '${name}' is not a valid name`);
  }
}

/** A record with no prototype: a missing key reads as undefined whatever happened to Object.prototype. */
export function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
