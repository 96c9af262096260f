import { alternate } from '../lib/alternation.ts';
import type { Benchmark, BenchmarkResult, Check, ResultRow } from '../lib/benchmark.ts';
import { startLocalCloud } from '../lib/local-cloud-process.ts';
import { pairRow, runPlan, times } from '../lib/result-rows.ts';
import { awsCliPackage, toolkitPackage, type WarmFacts } from './package-contenders.ts';

/** B2: the same packaging with nothing changed since a previous run. */
export const b2PackageWarm: Benchmark = {
  id: 'B2',
  title: 'package W50 and W30 without signing, warm (nothing changed): toolkit package vs aws cloudformation package',
  target: 'toolkit ≥ 10× faster on W50 and W50-shared, ≥ 8× on W30; zero uploads, zero zips rebuilt',
  async run(ctx): Promise<BenchmarkResult> {
    const cloud = await startLocalCloud({ stateDir: await ctx.scratch('b2-cloud') });
    const rows: ResultRow[] = [];
    const checks: Check[] = [];
    const notes: string[] = [];
    try {
      for (const [workload, goal] of [
        [ctx.workloads.w50, 10],
        [ctx.workloads.w50Shared, 10],
        [ctx.workloads.w30, 8],
      ] as const) {
        ctx.log(`B2 ${workload.name}`);
        const toolkitFacts: WarmFacts = { uploads: [], rebuiltZips: [] };
        const awsFacts: WarmFacts = { uploads: [], rebuiltZips: [] };
        const toolkit = toolkitPackage(ctx, cloud, workload, 'warm', toolkitFacts);
        const awsCli = awsCliPackage(ctx, cloud, workload, 'warm', awsFacts);
        // Each contender's first run primes its bucket and cache untimed: that run is the warm-up.
        const plan = { ...runPlan(ctx), warmup: false };
        const row = pairRow(workload.name, await alternate([toolkit, awsCli], plan), toolkit.name, awsCli.name);
        rows.push(row);
        const uploads = Math.max(0, ...toolkitFacts.uploads);
        const rebuilt = Math.max(0, ...toolkitFacts.rebuiltZips);
        checks.push(
          {
            target: `toolkit ≥ ${goal}× faster on ${workload.name}`,
            measured: times(row.ratio),
            pass: row.ratio >= goal,
          },
          { target: `zero uploads on ${workload.name}`, measured: `${uploads} (most in any run)`, pass: uploads === 0 },
          {
            target: `zero zips rebuilt on ${workload.name}`,
            measured: `${rebuilt} (most in any run)`,
            pass: rebuilt === 0,
          },
        );
        notes.push(
          `${workload.name}: the AWS CLI uploaded ${Math.max(0, ...awsFacts.uploads)} objects in its warm runs (it re-zips every folder to compare MD5 keys).`,
        );
      }
    } finally {
      await cloud.stop();
    }
    return { id: this.id, title: this.title, target: this.target, rows, checks, notes };
  },
};
