import { signerErrors } from './signer-errors.ts';

/** Signing profile names, as the model and AWS check them. */
export const PROFILE_NAME_PATTERN = /^[a-zA-Z0-9_]{2,64}$/;
/** Profile versions: 10 letters or digits. */
export const PROFILE_VERSION_PATTERN = /^[a-zA-Z0-9]{10}$/;
/** Account ids (profileOwner, jobOwner). */
export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;

/** A JSON body field that must be a non-empty string. */
export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw signerErrors.validation(
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

/** An optional string field; a present non-string is a ValidationException. */
export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw signerErrors.validation(`Value at '${field}' must be a string`);
  return value;
}

/** Checks a profile name against `^[a-zA-Z0-9_]{2,64}$`. */
export function checkProfileName(name: string, field = 'profileName'): string {
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw signerErrors.validation(
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_]{2,64}$`,
    );
  }
  return name;
}

/** A timestamp as the SDKs send it: epoch seconds in JSON bodies, ISO-8601 (or epoch seconds) in query strings. */
export function parseTimestamp(value: unknown, field: string): Date {
  const date =
    typeof value === 'number'
      ? new Date(value * 1000)
      : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)
        ? new Date(Number(value) * 1000)
        : typeof value === 'string'
          ? new Date(value)
          : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw signerErrors.validation(`Value at '${field}' is not a valid timestamp`);
  return date;
}

/** Epoch seconds, the rest-json wire form of a timestamp in a response body. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** `maxResults` of a List call: 1–25, default 25. */
export function parseMaxResults(query: URLSearchParams): number {
  const raw = query.get('maxResults');
  if (raw === null) return 25;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 25) {
    throw signerErrors.validation(
      `1 validation error detected: Value '${raw}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 25`,
    );
  }
  return value;
}

/** A boolean query parameter (`true`/`false`), undefined when absent. */
export function parseBooleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw !== 'true' && raw !== 'false')
    throw signerErrors.validation(`Value '${raw}' at '${name}' must be true or false`);
  return raw === 'true';
}

/** A pagination token: the sort key of the last item returned, opaque to clients. */
export function encodeNextToken(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Reads a token made by `encodeNextToken`; a forged or foreign one is a ValidationException. */
export function decodeNextToken(token: string | null): (string | number)[] | undefined {
  if (token === null || token === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value;
  } catch {
    // falls through to the ValidationException
  }
  throw signerErrors.validation('The nextToken is invalid');
}
