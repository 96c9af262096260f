import { validationError } from '../template-errors.ts';

/** Readers over a query request's expanded parameters (lists arrive as arrays, empty lists as ''). */
export class QueryInput {
  constructor(readonly params: Record<string, unknown>) {}

  /** A string parameter, or undefined. */
  string(name: string): string | undefined {
    const value = this.params[name];
    return typeof value === 'string' ? value : undefined;
  }

  /** A required string parameter, with the SDK-style validation message when missing. */
  required(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') {
      throw validationError(
        `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
      );
    }
    return value;
  }

  /** A boolean parameter ("true"/"false"), or undefined. */
  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : value === 'true';
  }

  /** An integer parameter, or undefined. */
  integer(name: string): number | undefined {
    const value = this.string(name);
    return value === undefined || value === '' ? undefined : Number.parseInt(value, 10);
  }

  /** A list of strings. */
  strings(name: string): string[] {
    const value = this.params[name];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  /** A list of structures. */
  structures<T>(name: string): T[] {
    const value = this.params[name];
    return Array.isArray(value) ? value.filter((item): item is T => item !== null && typeof item === 'object') : [];
  }
}
