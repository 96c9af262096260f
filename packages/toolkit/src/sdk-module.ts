/**
 * A dynamically imported module's exports. The SDK ships CommonJS next to ESM: bundled,
 * a CommonJS module arrives as `{ default: exports }`; run from source, as named exports.
 */
export function moduleExports<T extends object>(module: T): T {
  return ((module as { default?: T }).default ?? module) as T;
}
