/** The candidate closest to `word` by edit distance (case-insensitive), if any is within `maxDistance`. */
export function closestMatch(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  const wanted = word.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance <= maxDistance && (best === undefined || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

/** `" (did you mean X?)"` for the closest candidate, with `prefix` before it (`--`, `!`), else an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>, prefix = ''): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : ` (did you mean ${prefix}${match}?)`;
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
