import { alternate } from '../lib/alternation.ts';
import type { Benchmark, BenchmarkResult, Check, ResultRow } from '../lib/benchmark.ts';
import { startLocalCloud } from '../lib/local-cloud-process.ts';
import { pairRow, runPlan, times } from '../lib/result-rows.ts';
import { awsCliPackage, toolkitPackage } from './package-contenders.ts';

/** B1: packaging without signing from an empty bucket and an empty build cache, against the AWS CLI. */
export const b1PackageCold: Benchmark = {
  id: 'B1',
  title:
    'package W50 and W30 without signing, cold (empty bucket, empty build cache): toolkit package vs aws cloudformation package',
  target: 'toolkit ≥ 1.8× faster on W50 and on W30, ≥ 5× on W50-shared',
  async run(ctx): Promise<BenchmarkResult> {
    const cloud = await startLocalCloud({ stateDir: await ctx.scratch('b1-cloud') });
    const rows: ResultRow[] = [];
    const checks: Check[] = [];
    try {
      for (const [workload, goal] of [
        [ctx.workloads.w50, 1.8],
        [ctx.workloads.w50Shared, 5],
        [ctx.workloads.w30, 1.8],
      ] as const) {
        ctx.log(`B1 ${workload.name}`);
        const toolkit = toolkitPackage(ctx, cloud, workload, 'cold');
        const awsCli = awsCliPackage(ctx, cloud, workload, 'cold');
        const row = pairRow(workload.name, await alternate([toolkit, awsCli], runPlan(ctx)), toolkit.name, awsCli.name);
        rows.push(row);
        checks.push({
          target: `toolkit ≥ ${goal}× faster on ${workload.name}`,
          measured: times(row.ratio),
          pass: row.ratio >= goal,
        });
      }
    } finally {
      await cloud.stop();
    }
    return { id: this.id, title: this.title, target: this.target, rows, checks, notes: [] };
  },
};
