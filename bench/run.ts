// The benchmark suite: `pnpm bench` (full, writes BENCHMARKS.md) or `pnpm bench --smoke` (CI).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { b1PackageCold } from './benchmarks/b1-package-cold.ts';
import { b2PackageWarm } from './benchmarks/b2-package-warm.ts';
import { b3SignParallel } from './benchmarks/b3-sign-parallel.ts';
import { b4ZipBuilder } from './benchmarks/b4-zip-builder.ts';
import { b5PackageMemory } from './benchmarks/b5-package-memory.ts';
import { b6Redeploy } from './benchmarks/b6-redeploy.ts';
import { b7IncrementalRebuild } from './benchmarks/b7-incremental-rebuild.ts';
import { b8SharedDependencies } from './benchmarks/b8-shared-dependencies.ts';
import { b9Invoke } from './benchmarks/b9-invoke.ts';
import { b10SignatureVerification } from './benchmarks/b10-signature-verification.ts';
import { b11StackScale } from './benchmarks/b11-stack-scale.ts';
import { b12StartUp } from './benchmarks/b12-start-up.ts';
import type { BenchContext, Benchmark, BenchmarkResult } from './lib/benchmark.ts';
import { renderReport, type SuiteReport } from './lib/benchmarks-report.ts';
import { machineInfo } from './lib/machine-info.ts';
import { renderSmokeSummary, type SmokeOutcome } from './lib/smoke-summary.ts';
import { fullSuite, smokeSuite } from './lib/suite-config.ts';
import { awsCliPath, repoRoot } from './lib/toolkit-command.ts';
import { prepareWorkloads } from './lib/workloads.ts';

const benchmarks: readonly Benchmark[] = [
  b1PackageCold,
  b2PackageWarm,
  b3SignParallel,
  b4ZipBuilder,
  b5PackageMemory,
  b6Redeploy,
  b7IncrementalRebuild,
  b8SharedDependencies,
  b9Invoke,
  b10SignatureVerification,
  b11StackScale,
  b12StartUp,
];

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    'usage: bench/run.ts [--smoke] [--only B1,B3] [--out FILE]\n  full runs write BENCHMARKS.md and print its tables; --smoke prints one verdict line per benchmark (its tables only into --out)\n',
  );
  process.exit(0);
}

const config = values.smoke ? smokeSuite : fullSuite;
const selected = values.only ? benchmarks.filter((b) => values.only!.split(',').includes(b.id)) : benchmarks;
const workDir = join(repoRoot, 'bench', '.work', config.mode);
const scratchRoot = join(workDir, 'scratch');
const log = (line: string) => process.stderr.write(`${line}\n`);
const started = Date.now();

await rm(scratchRoot, { recursive: true, force: true });
log(`Preparing ${config.mode} workloads (seed ${config.seed}) in ${workDir}`);
const workloads = await prepareWorkloads(join(workDir, 'workloads'), config.seed, config.sizes);
log(`Workloads ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

let scratchCount = 0;
const awsCli = awsCliPath();
const context: BenchContext = {
  config,
  workloads,
  awsCli,
  log,
  async scratch(name) {
    const dir = join(scratchRoot, `${name}-${++scratchCount}`);
    await mkdir(dir, { recursive: true });
    return dir;
  },
};

const results: BenchmarkResult[] = [];
const failures: SuiteReport['failures'] = [];
const outcomes: SmokeOutcome[] = [];
for (const benchmark of selected) {
  const benchStarted = Date.now();
  try {
    const result = await benchmark.run(context);
    results.push(result);
    outcomes.push({ benchmark, ms: Date.now() - benchStarted, result });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push({
      id: benchmark.id,
      title: benchmark.title,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    outcomes.push({ benchmark, ms: Date.now() - benchStarted, error: message });
    log(`${benchmark.id} failed: ${message}`);
  }
  log(`${benchmark.id} took ${((Date.now() - benchStarted) / 1000).toFixed(1)} s`);
}
await rm(scratchRoot, { recursive: true, force: true });

const report = renderReport({
  config,
  machine: machineInfo(awsCli),
  command: `pnpm bench${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
  date: new Date(),
  wallMs: Date.now() - started,
  results,
  failures,
});
const out = values.out ?? (config.mode === 'full' && !values.only ? join(repoRoot, 'BENCHMARKS.md') : undefined);
if (out) {
  await writeFile(resolve(out), report);
  log(`Wrote ${resolve(out)}`);
}
// The smoke run is part of the tests: it ends on a pass/fail line, not on tables.
process.stdout.write(config.mode === 'smoke' ? renderSmokeSummary(outcomes) : report);
process.exitCode = failures.length ? 1 : 0;
