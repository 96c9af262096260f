import { createHash } from 'node:crypto';

/**
 * The text Python's `json.dumps(value, separators=(",", ":"), sort_keys=True)` writes,
 * which samtranslator hashes into generated logical ids: keys sorted, no spaces, every
 * character outside printable ASCII escaped as `\uXXXX`.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pythonJsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${pythonJsonString(key)}:${pythonJsonDumps(item)}`).join(',')}}`;
}

function pythonJsonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Python truthiness, which decides whether samtranslator hashes a value at all. */
function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}

/**
 * samtranslator's `LogicalIdGenerator(prefix, data, dataHash).gen()`: the prefix plus the first
 * 10 hex digits of SHA-1 over the data (a string as is, anything else as `pythonJsonDumps`).
 */
export function samLogicalId(prefix: string, data: unknown, precomputedHash?: string): string {
  if (precomputedHash) return `${prefix}${precomputedHash.slice(0, 10)}`;
  if (!isTruthy(data)) return prefix;
  const text = typeof data === 'string' ? data : pythonJsonDumps(data);
  return `${prefix}${createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 10)}`;
}
