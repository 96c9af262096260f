import type { CST } from 'yaml';

/**
 * How deep mappings and lists may nest. Real templates stay under 20; every walk over a
 * template (composing it, resolving intrinsics, rendering it) recurses once per level, so a
 * 3,000-level file would overflow the stack.
 */
export const MAX_NESTING_DEPTH = 128;

/**
 * The offset of the first mapping or list nested deeper than `max` in yaml's token tree, or
 * undefined. yaml's lexer and parser are iterative, and so is this walk: only composing the
 * document afterwards recurses.
 */
export function excessiveNesting(tokens: readonly CST.Token[], max = MAX_NESTING_DEPTH): number | undefined {
  const stack: Array<[CST.Token | undefined, number]> = tokens.map((token) => [token, 0]);
  let found: number | undefined;
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token | undefined, number];
    if (token === undefined) continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const level = depth + 1;
    if (level > max) {
      // The earliest in the file: tokens are popped in no particular order.
      if (found === undefined || token.offset < found) found = token.offset;
      continue;
    }
    for (const item of token.items) {
      if ('key' in item) stack.push([item.key ?? undefined, level]);
      stack.push([item.value, level]);
    }
  }
  return found;
}
