import { INTRINSIC_FUNCTION_NAMES } from './intrinsic-tags.ts';

/** `" (did you mean !Ref?)"` for a tag close to a known short form, else an empty string. */
export function suggestTag(tag: string): string {
  const name = tag.replace(/^!/, '').toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const known of INTRINSIC_FUNCTION_NAMES) {
    const distance = editDistance(name, known.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name: known, distance };
  }
  return best === undefined ? '' : ` (did you mean !${best.name}?)`;
}

/** Levenshtein distance, small strings only. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
