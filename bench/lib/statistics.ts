/** One timed run. */
export interface Sample {
  wallMs: number;
  peakRssKb: number;
}

/** A contender's runs, summarised. */
export interface Summary {
  contender: string;
  runs: number;
  medianWallMs: number;
  minWallMs: number;
  maxWallMs: number;
  medianRssKb: number;
  maxRssKb: number;
}

/** The median (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median, spread and peak memory of a contender's samples. */
export function summarise(contender: string, samples: readonly Sample[]): Summary {
  const walls = samples.map((s) => s.wallMs);
  const rss = samples.map((s) => s.peakRssKb);
  return {
    contender,
    runs: samples.length,
    medianWallMs: median(walls),
    minWallMs: Math.min(...walls),
    maxWallMs: Math.max(...walls),
    medianRssKb: median(rss),
    maxRssKb: Math.max(...rss),
  };
}
