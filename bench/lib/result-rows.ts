import type { RunPlan } from './alternation.ts';
import type { BenchContext, ResultRow } from './benchmark.ts';
import { summarise, type Sample } from './statistics.ts';

/** The suite's run counts, with progress going to the context's log. */
export function runPlan(ctx: BenchContext, runs = ctx.config.runs): RunPlan {
  return { runs, warmup: ctx.config.warmup, log: ctx.log };
}

/** A pair's row: both summaries and how many times faster the first contender is. */
export function pairRow(
  workload: string,
  samples: Map<string, Sample[]>,
  first: string,
  second: string,
): ResultRow & { ratio: number } {
  const a = summarise(first, samples.get(first) ?? []);
  const b = summarise(second, samples.get(second) ?? []);
  return {
    workload,
    summaries: [a, b],
    ratio: b.medianWallMs / a.medianWallMs,
    ratioLabel: `${first.split(' ')[0]} ${(b.medianWallMs / a.medianWallMs).toFixed(2)}× faster`,
  };
}

/** Formats a ratio for a check's measured value. */
export function times(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}
