import { alternate } from '../lib/alternation.ts';
import type { Benchmark, BenchmarkResult } from '../lib/benchmark.ts';
import { startLocalCloud } from '../lib/local-cloud-process.ts';
import { runPlan } from '../lib/result-rows.ts';
import { summarise } from '../lib/statistics.ts';
import { toolkitPackage } from './package-contenders.ts';

const limitMb = 200;

/** B5: packaging's memory stays flat from a 25 MB function to a 250 MB one (Lambda's unzipped limit). */
export const b5PackageMemory: Benchmark = {
  id: 'B5',
  title: 'package the 250 MB function (cold: fresh bucket and build cache each run)',
  target: 'peak RSS ≤ 200 MB, and within 20 % of its RSS for a 25 MB function',
  async run(ctx): Promise<BenchmarkResult> {
    const cloud = await startLocalCloud({ stateDir: await ctx.scratch('b5-cloud') });
    try {
      const { big, small } = ctx.workloads;
      const bigName = `toolkit package ${mbLabel(ctx.config.sizes.big.bytes)}`;
      const smallName = `toolkit package ${mbLabel(ctx.config.sizes.small.bytes)}`;
      ctx.log('B5 memory');
      const samples = await alternate(
        [
          { ...toolkitPackage(ctx, cloud, big, 'cold'), name: bigName },
          { ...toolkitPackage(ctx, cloud, small, 'cold'), name: smallName },
        ],
        runPlan(ctx),
      );
      const bigSummary = summarise(bigName, samples.get(bigName) ?? []);
      const smallSummary = summarise(smallName, samples.get(smallName) ?? []);
      const growth = bigSummary.medianRssKb / smallSummary.medianRssKb;
      return {
        id: this.id,
        title: this.title,
        target: this.target,
        rows: [
          {
            workload: 'one function',
            summaries: [bigSummary, smallSummary],
            ratioLabel: `RSS ${growth.toFixed(2)}× the small one's`,
          },
        ],
        checks: [
          {
            target: `peak RSS ≤ ${limitMb} MB (largest run)`,
            measured: `${(bigSummary.maxRssKb / 1024).toFixed(0)} MB`,
            pass: bigSummary.maxRssKb / 1024 <= limitMb,
          },
          {
            target: "within 20 % of the small function's RSS (medians)",
            measured: `${((growth - 1) * 100).toFixed(0)} %`,
            pass: growth <= 1.2,
          },
        ],
        notes: [],
      };
    } finally {
      await cloud.stop();
    }
  },
};

function mbLabel(bytes: number): string {
  return bytes >= 10e6 ? `${Math.round(bytes / 1e6)} MB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
