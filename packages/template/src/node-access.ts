import { isMap, isPair, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';

/** The pair whose key is the string `key` in a mapping node, if any. */
export function findPair(map: unknown, key: string): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((item) => isPair(item) && keyString(item.key) === key);
}

/** The value node under `key` in a mapping node, if any. */
export function mapValue(map: unknown, key: string): Node | undefined {
  const value = findPair(map, key)?.value;
  return value === null || value === undefined ? undefined : (value as Node);
}

/** The value node at a path of keys, if every step is a mapping holding the key. */
export function valueAt(node: unknown, path: readonly string[]): Node | undefined {
  let current: unknown = node;
  for (const key of path) {
    current = mapValue(current, key);
    if (current === undefined) return undefined;
  }
  return current as Node;
}

/** The string form of a scalar key (keys may be numbers or quoted strings). */
export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? undefined : String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** The value of an untagged string scalar, else undefined (intrinsics and collections are not strings). */
export function plainString(node: unknown): string | undefined {
  if (!isScalar(node) || node.tag?.startsWith('!')) return undefined;
  return typeof node.value === 'string' ? node.value : undefined;
}

/** The pairs of a mapping node with string keys, in document order. */
export function mapEntries(map: unknown): Array<{ key: string; pair: Pair<unknown, unknown> }> {
  if (!isMap(map)) return [];
  const entries: Array<{ key: string; pair: Pair<unknown, unknown> }> = [];
  for (const pair of (map as YAMLMap<unknown, unknown>).items) {
    const key = keyString(pair.key);
    if (key !== undefined) entries.push({ key, pair });
  }
  return entries;
}
