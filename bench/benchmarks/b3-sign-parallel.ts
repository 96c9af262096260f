import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { alternate, type Contender } from '../lib/alternation.ts';
import type { BenchContext, Benchmark, BenchmarkResult } from '../lib/benchmark.ts';
import { createSigningProfile, createVersionedBucket } from '../lib/cloud-clients.ts';
import { startLocalCloud, type LocalCloudProcess } from '../lib/local-cloud-process.ts';
import { runMeasured } from '../lib/measured-process.ts';
import { pairRow, runPlan, times } from '../lib/result-rows.ts';
import { toolkitSpec } from '../lib/toolkit-command.ts';
import type { Workload } from '../lib/workloads.ts';

/** B3: signing every artifact of W50 against slow, rate-limited signing jobs; parallel vs one at a time. */
export const b3SignParallel: Benchmark = {
  id: 'B3',
  title:
    'sign W50 with a 2 s job latency and a 10/s StartSigningJob limit: default vs --concurrency 1 (SAM CLI signs one at a time)',
  target: '≥ 10× faster; wall ≤ 1.5 × (2 s + 53/10 s)',
  async run(ctx): Promise<BenchmarkResult> {
    const { signingJobLatencyMs: latency, signingJobRateLimit: rate } = ctx.config;
    const cloud = await startLocalCloud({
      stateDir: await ctx.scratch('b3-cloud'),
      signingJobLatencyMs: latency,
      signingJobRateLimit: rate,
    });
    try {
      const workload = ctx.workloads.w50;
      const setup = await primeUnsigned(ctx, cloud, workload);
      const parallel = signingContender(ctx, cloud, workload, setup, undefined);
      const sequential = {
        ...signingContender(ctx, cloud, workload, setup, 1),
        maxRuns: ctx.config.sequentialSigningRuns,
      };
      ctx.log(`B3 ${workload.name} (${setup.artifacts} artifacts, ${latency} ms per job, ${rate} StartSigningJob/s)`);
      // The untimed priming run above already warmed the build cache, the bucket and the CLI's
      // compile cache; a warm-up round would only add two minutes of sequential signing.
      const plan = { ...runPlan(ctx), warmup: false };
      const row = pairRow(workload.name, await alternate([parallel, sequential], plan), parallel.name, sequential.name);
      const bound = 1.5 * (latency + (setup.artifacts / rate) * 1000);
      const parallelWall = row.summaries[0]!.medianWallMs;
      return {
        id: this.id,
        title: this.title,
        target: this.target,
        rows: [row],
        checks: [
          { target: '≥ 10× faster than --concurrency 1', measured: times(row.ratio), pass: row.ratio >= 10 },
          {
            target: `wall ≤ 1.5 × (${latency / 1000} s + ${setup.artifacts}/${rate} s) = ${(bound / 1000).toFixed(2)} s`,
            measured: `${(parallelWall / 1000).toFixed(2)} s`,
            pass: parallelWall <= bound,
          },
        ],
        notes: [
          `Each run starts from zips already built and uploaded (an untimed priming run, which also stands in for the warm-up) and signs ${setup.artifacts} artifacts with a new profile, so it measures signing only.`,
        ],
      };
    } finally {
      await cloud.stop();
    }
  },
};

interface SigningSetup {
  bucket: string;
  buildDir: string;
  out: string;
  artifacts: number;
  /** Every run signs with a profile of its own (see signingContender). */
  nextProfile: () => string;
}

/** Builds and uploads once (untimed) and creates the signing profile, so timed runs only sign. */
async function primeUnsigned(ctx: BenchContext, cloud: LocalCloudProcess, workload: Workload): Promise<SigningSetup> {
  const scratch = await ctx.scratch('b3');
  const setup = {
    bucket: 'b3-signing-sources',
    buildDir: join(scratch, 'build'),
    out: join(scratch, 'packaged.yaml'),
    artifacts: workload.functionIds.length + workload.layerIds.length,
    nextProfile: (() => {
      let count = 0;
      return () => `BenchSigning${++count}`;
    })(),
  };
  await createVersionedBucket(cloud.endpoint, setup.bucket);
  await runMeasured(packageSpec(cloud, workload, setup, []));
  return setup;
}

function packageSpec(cloud: LocalCloudProcess, workload: Workload, setup: SigningSetup, extra: string[]) {
  return toolkitSpec(
    [
      'package',
      '--template-file',
      workload.templateFile,
      '--endpoint-url',
      cloud.endpoint,
      '--s3-bucket',
      setup.bucket,
      '--build-dir',
      setup.buildDir,
      '--output-template-file',
      setup.out,
      ...extra,
    ],
    { cwd: workload.dir, env: cloud.env },
  );
}

function signingContender(
  ctx: BenchContext,
  cloud: LocalCloudProcess,
  workload: Workload,
  setup: SigningSetup,
  concurrency: number | undefined,
): Contender {
  return {
    name: concurrency ? `toolkit --concurrency ${concurrency}` : 'toolkit (default concurrency)',
    async prepare() {
      // Each run must really sign: the signature cache would reuse the last run's signatures, and
      // StartSigningJob's idempotency token (zip, profile version, source, destination) would
      // replay the last run's finished jobs. A new profile version per run defeats both.
      await rm(join(workload.dir, '.toolkit', 'signatures.json'), { force: true });
      const profile = setup.nextProfile();
      await createSigningProfile(cloud.endpoint, profile);
      const profiles = [...workload.layerIds, ...workload.functionIds].map((id) => `${id}=${profile}`).join(' ');
      const extra = [
        '--json',
        '--signing-profiles',
        profiles,
        ...(concurrency ? ['--concurrency', String(concurrency)] : []),
      ];
      return packageSpec(cloud, workload, setup, extra);
    },
    async after(_run, outcome) {
      const result = JSON.parse(outcome.stdout) as { artifacts: { id: string; signing: { reused: boolean } | null }[] };
      const fresh = result.artifacts.filter((a) => a.signing && !a.signing.reused).length;
      if (fresh !== setup.artifacts) throw new Error(`B3 expected ${setup.artifacts} new signatures, got ${fresh}`);
      ctx.log(`    ${fresh} artifacts signed`);
    },
  };
}
