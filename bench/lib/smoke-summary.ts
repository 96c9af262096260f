import type { Benchmark, BenchmarkResult } from './benchmark.ts';

/** How one benchmark of a smoke run ended. */
export interface SmokeOutcome {
  benchmark: Pick<Benchmark, 'id' | 'title'>;
  ms: number;
  /** The error's message when it failed. */
  error?: string;
  result?: BenchmarkResult;
}

/**
 * What `bench --smoke` prints: one verdict line per benchmark (it ran end to end, or why not)
 * and a final pass/fail line, so a test run ends on a verdict rather than on tables. Tiny
 * workloads make the timings meaningless; the full suite's tables and targets are in BENCHMARKS.md.
 */
export function renderSmokeSummary(outcomes: readonly SmokeOutcome[]): string {
  const lines = outcomes.map(({ benchmark, ms, error }) => {
    const seconds = `${(ms / 1000).toFixed(1)} s`;
    return error === undefined
      ? `ok      ${benchmark.id} ${benchmark.title} (${seconds})`
      : `FAILED  ${benchmark.id} ${benchmark.title} (${seconds}): ${error.split('\n')[0]}`;
  });
  const failed = outcomes.filter((o) => o.error !== undefined).length;
  const verdict =
    failed === 0
      ? `bench --smoke: passed, ${outcomes.length} of ${outcomes.length} benchmarks ran end to end`
      : `bench --smoke: FAILED, ${failed} of ${outcomes.length} benchmarks failed`;
  return `${[...lines, verdict].join('\n')}\n`;
}
