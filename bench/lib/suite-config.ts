import type { SuiteConfig } from './benchmark.ts';

/**
 * The full suite: the spec's workloads, 5 timed runs after a warm-up; sized to finish
 * in under 10 minutes on 2 cores (see bench/README.md for the budget).
 */
export const fullSuite: SuiteConfig = {
  mode: 'full',
  seed: 'toolkit-bench-1',
  runs: 5,
  warmup: true,
  sizes: {
    functions: 50,
    layers: 3,
    sharedFolders: 5,
    functionTree: { files: 300, bytes: 3_000_000 },
    layerTree: { files: 100, bytes: 1_000_000 },
    // Lambda's unzipped limit is 250 MiB; 250 MB stays just under it.
    big: { files: 2000, bytes: 250_000_000, largeFiles: 30, largeShare: 0.6 },
    small: { files: 200, bytes: 25_000_000, largeFiles: 3, largeShare: 0.6 },
    // 30 × 190 + 3 × 100 = 6,000 files, 123 MB: the shape of issue 15's warm no-op `package`.
    w30: {
      functions: 30,
      layers: 3,
      functionTree: { files: 190, bytes: 4_000_000 },
      layerTree: { files: 100, bytes: 1_000_000 },
    },
  },
  signingJobLatencyMs: 2000,
  signingJobRateLimit: 10,
  sequentialSigningRuns: 1,
  zipWorkload: 'small',
  redeployRuns: 5,
  warmInvokes: 1000,
  stackSizes: [10, 50, 200],
};

/** The smoke run CI does: every benchmark's code path on tiny workloads, one run, no verdicts. */
export const smokeSuite: SuiteConfig = {
  mode: 'smoke',
  seed: 'toolkit-bench-smoke-1',
  runs: 1,
  warmup: false,
  sizes: {
    functions: 4,
    layers: 2,
    sharedFolders: 2,
    functionTree: { files: 20, bytes: 100_000 },
    layerTree: { files: 8, bytes: 40_000 },
    big: { files: 60, bytes: 4_000_000, largeFiles: 2, largeShare: 0.6 },
    small: { files: 30, bytes: 400_000 },
    w30: {
      functions: 3,
      layers: 1,
      functionTree: { files: 30, bytes: 200_000 },
      layerTree: { files: 8, bytes: 40_000 },
    },
  },
  signingJobLatencyMs: 100,
  signingJobRateLimit: 10,
  sequentialSigningRuns: 1,
  zipWorkload: 'big',
  redeployRuns: 1,
  warmInvokes: 20,
  stackSizes: [2, 8],
};
