import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { alternate, type Contender } from '../lib/alternation.ts';
import type { Benchmark, BenchmarkResult } from '../lib/benchmark.ts';
import { createVersionedBucket } from '../lib/cloud-clients.ts';
import { startLocalCloud } from '../lib/local-cloud-process.ts';
import { runPlan } from '../lib/result-rows.ts';
import { summarise } from '../lib/statistics.ts';
import { toolkitSpec } from '../lib/toolkit-command.ts';

interface DeployOutput {
  status: string;
  changeSet: { action: string; logicalResourceId: string; resourceType: string }[];
}

/** B6: a first deploy of W50, then a redeploy after one function's code changed. */
export const b6Redeploy: Benchmark = {
  id: 'B6',
  title: 'deploy W50 to the local cloud, then redeploy with one function changed',
  target: 'redeploy touches 1 function and takes ≤ 20 % of the first deploy',
  async run(ctx): Promise<BenchmarkResult> {
    const cloud = await startLocalCloud({ stateDir: await ctx.scratch('b6-cloud') });
    const workload = ctx.workloads.w50;
    const changedIndex = Math.floor(workload.functionIds.length / 2);
    const changedId = workload.functionIds[changedIndex]!;
    const changedFile = join(workload.dir, workload.codeUris[changedIndex]!, 'index.mjs');
    const original = await readFile(changedFile);
    const touched: string[][] = [];
    let current = { stack: '', bucket: '', buildDir: '' };
    let counter = 0;
    const deploy = () =>
      toolkitSpec(
        [
          'deploy',
          '--json',
          '--template-file',
          workload.templateFile,
          '--stack-name',
          current.stack,
          '--endpoint-url',
          cloud.endpoint,
          '--s3-bucket',
          current.bucket,
          '--build-dir',
          current.buildDir,
          '--capabilities',
          'CAPABILITY_IAM',
        ],
        { cwd: workload.dir, env: cloud.env },
      );
    const first: Contender = {
      name: 'toolkit deploy (first)',
      async prepare() {
        counter++;
        current = {
          stack: `bench-w50-${counter}`,
          bucket: `b6-artifacts-${counter}`,
          buildDir: join(await ctx.scratch('b6-build'), 'build'),
        };
        await createVersionedBucket(cloud.endpoint, current.bucket);
        return deploy();
      },
      async after(_run, outcome) {
        expectComplete(JSON.parse(outcome.stdout) as DeployOutput);
      },
    };
    const redeploy: Contender = {
      name: `toolkit deploy (${changedId} changed)`,
      async prepare() {
        await appendFile(changedFile, `\n// changed for redeploy ${counter}\n`);
        return deploy();
      },
      async after(run, outcome) {
        await writeFile(changedFile, original);
        const result = JSON.parse(outcome.stdout) as DeployOutput;
        expectComplete(result);
        if (!run.warmup)
          touched.push(result.changeSet.map((c) => `${c.action} ${c.logicalResourceId} (${c.resourceType})`));
      },
    };
    try {
      ctx.log(`B6 ${workload.name}`);
      const samples = await alternate([first, redeploy], runPlan(ctx, ctx.config.redeployRuns));
      const a = summarise(first.name, samples.get(first.name) ?? []);
      const b = summarise(redeploy.name, samples.get(redeploy.name) ?? []);
      const share = b.medianWallMs / a.medianWallMs;
      const onlyOne = touched.every((changes) => changes.length === 1 && changes[0]!.includes(` ${changedId} `));
      return {
        id: this.id,
        title: this.title,
        target: this.target,
        rows: [
          { workload: workload.name, summaries: [a, b], ratioLabel: `redeploy ${(share * 100).toFixed(0)} % of first` },
        ],
        checks: [
          {
            target: 'redeploy touches 1 function',
            measured: [...new Set(touched.map((c) => c.join(', ') || 'no changes'))].join(' | '),
            pass: onlyOne,
          },
          {
            target: 'redeploy ≤ 20 % of the first deploy (medians)',
            measured: `${(share * 100).toFixed(0)} %`,
            pass: share <= 0.2,
          },
        ],
        notes: [],
      };
    } finally {
      await writeFile(changedFile, original);
      await cloud.stop();
    }
  },
};

function expectComplete(result: DeployOutput): void {
  if (!/^(CREATE|UPDATE)_COMPLETE$/.test(result.status)) throw new Error(`B6: deploy ended in ${result.status}`);
}
