/**
 * Upstream's `deep_sort_lists`: samtranslator's translator tests treat every list as unordered, so
 * both sides are compared with their lists sorted. Upstream sorts dicts by their `json.dumps`;
 * here the order is any total order, which is all equality of two sorted values needs.
 */
export function deepSortLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepSortLists).sort(compareValues);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) sorted[key] = deepSortLists(item);
    return sorted;
  }
  return value;
}

const RANK = { null: 0, boolean: 1, number: 2, string: 3, array: 4, object: 5 } as const;

function rank(value: unknown): number {
  if (value === null || value === undefined) return RANK.null;
  if (Array.isArray(value)) return RANK.array;
  return RANK[typeof value as 'boolean' | 'number' | 'string' | 'object'] ?? RANK.object;
}

/** A total order on JSON values (lists are compared after their own items are sorted). */
export function compareValues(a: unknown, b: unknown): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (typeof a === 'number' || typeof a === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    for (let i = 0; i < Math.min(a.length, other.length); i++) {
      const byItem = compareValues(a[i], other[i]);
      if (byItem !== 0) return byItem;
    }
    return a.length - other.length;
  }
  if (a === null || a === undefined) return 0;
  const left = canonicalJson(a);
  const right = canonicalJson(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** JSON with every object's keys sorted. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The first place two values differ, as a path (`Resources.Fn.Properties.Role`), or undefined when equal. */
export function firstDifference(actual: unknown, expected: unknown, path = ''): string | undefined {
  if (compareValues(actual, expected) === 0 && canonicalJson(actual) === canonicalJson(expected)) return undefined;
  const bothObjects =
    actual !== null &&
    expected !== null &&
    typeof actual === 'object' &&
    typeof expected === 'object' &&
    Array.isArray(actual) === Array.isArray(expected);
  if (!bothObjects) return `${path || '(root)'}: got ${short(actual)}, expected ${short(expected)}`;
  const left = actual as Record<string, unknown>;
  const right = expected as Record<string, unknown>;
  for (const key of new Set([...Object.keys(right), ...Object.keys(left)])) {
    const at = path === '' ? key : `${path}.${key}`;
    if (!(key in left)) return `${at}: missing, expected ${short(right[key])}`;
    if (!(key in right)) return `${at}: not expected, got ${short(left[key])}`;
    const inner = firstDifference(left[key], right[key], at);
    if (inner !== undefined) return inner;
  }
  return `${path || '(root)'}: differs`;
}

function short(value: unknown): string {
  const text = canonicalJson(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
