import type { Workloads, WorkloadSizes } from './workloads.ts';
import type { Summary } from './statistics.ts';

/** Everything that differs between the full suite and the smoke run. */
export interface SuiteConfig {
  mode: 'full' | 'smoke';
  seed: string;
  /** Timed runs per contender, after `warmup`. */
  runs: number;
  warmup: boolean;
  sizes: WorkloadSizes;
  /** B3's cloud knobs. */
  signingJobLatencyMs: number;
  signingJobRateLimit: number;
  /** B3's sequential contender needs about (latency + poll) per artifact, so it gets fewer runs. */
  sequentialSigningRuns: number;
  /** The folder B4 zips: the memory case's function or its tenth. */
  zipWorkload: 'big' | 'small';
  /** B6 deploys twice per run. */
  redeployRuns: number;
  /** B9's warm invokes (and bare handler calls) after the cold one. */
  warmInvokes: number;
  /** B11's stack sizes, in functions (each with a log group): smallest first, largest last. */
  stackSizes: readonly number[];
}

/** What a benchmark gets. */
export interface BenchContext {
  config: SuiteConfig;
  workloads: Workloads;
  awsCli: string;
  /** A fresh, empty folder (removed with the work folder). */
  scratch(name: string): Promise<string>;
  log(line: string): void;
}

/** One target from the spec, checked against a measurement. */
export interface Check {
  target: string;
  measured: string;
  pass: boolean;
}

/** One row group of the results table: a contender, or a pair with its ratio. */
export interface ResultRow {
  workload: string;
  summaries: Summary[];
  /** Second contender's median over the first's: how many times faster the first is. */
  ratio?: number;
  ratioLabel?: string;
}

/** The outcome of one benchmark. */
export interface BenchmarkResult {
  id: string;
  title: string;
  target: string;
  rows: ResultRow[];
  checks: Check[];
  notes: string[];
}

/** One benchmark of the suite. */
export interface Benchmark {
  id: string;
  title: string;
  /** The spec's target, verbatim enough to read the verdict against. */
  target: string;
  run(context: BenchContext): Promise<BenchmarkResult>;
}
