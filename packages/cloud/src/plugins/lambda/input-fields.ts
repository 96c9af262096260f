import { validationError } from './lambda-errors.ts';

// Readers for request members: they check the type and the model's constraints,
// and answer ValidationException as Lambda's service framework does.

/** A required string member (`field` is the member's name as the error names it, camelCase). */
export function requiredString(body: Record<string, unknown>, key: string, field: string): string {
  const value = body[key];
  if (typeof value !== 'string') throw validationError('null', field, 'Member must not be null');
  return value;
}

/** An optional string member. */
export function optionalString(
  body: Record<string, unknown>,
  key: string,
  field: string,
  maxLength = Number.POSITIVE_INFINITY,
): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationError(`'${String(value)}'`, field, 'Member must be a string');
  if (value.length > maxLength)
    throw validationError(`'${value}'`, field, `Member must have length less than or equal to ${maxLength}`);
  return value;
}

/** An optional integer member within [min, max]. */
export function optionalInteger(
  body: Record<string, unknown>,
  key: string,
  field: string,
  min: number,
  max?: number,
): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw validationError(`'${String(value)}'`, field, 'Member must be an integer');
  if (value < min) throw validationError(`'${value}'`, field, `Member must have value greater than or equal to ${min}`);
  if (max !== undefined && value > max)
    throw validationError(`'${value}'`, field, `Member must have value less than or equal to ${max}`);
  return value;
}

/** An optional list of strings. */
export function optionalStringList(body: Record<string, unknown>, key: string, field: string): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw validationError(`'${JSON.stringify(value)}'`, field, 'Member must be a list of strings');
  return value as string[];
}

/** An optional object member. */
export function optionalObject(
  body: Record<string, unknown>,
  key: string,
  field: string,
): Record<string, unknown> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw validationError(`'${String(value)}'`, field, 'Member must be an object');
  return value as Record<string, unknown>;
}

/** An optional map of string to string (Environment.Variables, Tags). */
export function optionalStringMap(
  body: Record<string, unknown>,
  key: string,
  field: string,
): Record<string, string> | undefined {
  const value = optionalObject(body, key, field);
  if (value === undefined) return undefined;
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string')
      throw validationError(`'${String(item)}'`, `${field}.${name}`, 'Member must be a string');
  }
  return value as Record<string, string>;
}

/** An optional boolean member. */
export function optionalBoolean(body: Record<string, unknown>, key: string, field: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validationError(`'${String(value)}'`, field, 'Member must be a boolean');
  return value;
}

/** The MaxItems query parameter: 1 to `max`, or the default. */
export function maxItems(query: URLSearchParams, fallback: number, max = 10_000): number {
  const text = query.get('MaxItems');
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw validationError(`'${text}'`, 'maxItems', 'Member must have value greater than or equal to 1');
  if (value > max)
    throw validationError(`'${text}'`, 'maxItems', `Member must have value less than or equal to ${max}`);
  return value;
}
