import { signerErrors } from './signer-errors.ts';

/** Checks a tag map: 1–200 tags, keys 1–128 characters, values up to 256, no `aws:` prefix. */
export function parseTags(input: unknown, field = 'tags', errors = signerErrors.validation): Record<string, string> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw errors(`${field} must be a map of strings`);
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length < 1 || entries.length > 200) throw errors(`${field} must have between 1 and 200 entries`);
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128 || key.toLowerCase().startsWith('aws:'))
      throw errors(`Tag key '${key}' is invalid: 1 to 128 characters, not starting with aws:`);
    if (typeof value !== 'string' || value.length > 256)
      throw errors(`Tag value for '${key}' must be a string of at most 256 characters`);
  }
  return input as Record<string, string>;
}
