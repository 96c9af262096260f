import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Contender } from '../lib/alternation.ts';
import type { BenchContext } from '../lib/benchmark.ts';
import { countObjectVersions, createVersionedBucket } from '../lib/cloud-clients.ts';
import type { LocalCloudProcess } from '../lib/local-cloud-process.ts';
import { runMeasured, type ProcessSpec } from '../lib/measured-process.ts';
import { toolkitSpec } from '../lib/toolkit-command.ts';
import type { Workload } from '../lib/workloads.ts';

/** Cold: an empty bucket and an empty build cache every run. Warm: the same primed ones every run. */
export type CacheState = 'cold' | 'warm';

/** What a warm run changed: uploads (new object versions) and rebuilt zips. */
export interface WarmFacts {
  uploads: number[];
  rebuiltZips: number[];
}

/** `toolkit package` of a workload against the served cloud, unsigned. */
export function toolkitPackage(
  ctx: BenchContext,
  cloud: LocalCloudProcess,
  workload: Workload,
  state: CacheState,
  facts?: WarmFacts,
): Contender {
  let counter = 0;
  let primed: { bucket: string; buildDir: string; out: string } | undefined;
  let before: { versions: number; zips: Map<string, string> } | undefined;
  let coldScratch = '';
  const command = (bucket: string, buildDir: string, out: string) =>
    toolkitSpec(
      [
        'package',
        '--template-file',
        workload.templateFile,
        '--endpoint-url',
        cloud.endpoint,
        '--s3-bucket',
        bucket,
        '--build-dir',
        buildDir,
        '--output-template-file',
        out,
      ],
      { cwd: workload.dir, env: cloud.env },
    );
  return {
    name: `toolkit package (${state})`,
    async prepare() {
      if (state === 'cold') {
        const bucket = `tk-cold-${slug(workload.name)}-${++counter}`;
        await createVersionedBucket(cloud.endpoint, bucket);
        coldScratch = await ctx.scratch(`tk-cold-${slug(workload.name)}`);
        return command(bucket, join(coldScratch, 'build'), join(coldScratch, 'packaged.yaml'));
      }
      if (!primed) primed = await primeToolkit(ctx, cloud, workload, command);
      before = {
        versions: await countObjectVersions(cloud.endpoint, primed.bucket),
        zips: await zipStamps(primed.buildDir),
      };
      return command(primed.bucket, primed.buildDir, primed.out);
    },
    async after(run) {
      // A cold run's zips are never read again; dropping them keeps the work folder small.
      if (state === 'cold') return void (await rm(coldScratch, { recursive: true, force: true }));
      if (!primed || !before || run.warmup) return;
      facts?.uploads.push((await countObjectVersions(cloud.endpoint, primed.bucket)) - before.versions);
      const now = await zipStamps(primed.buildDir);
      facts?.rebuiltZips.push([...now].filter(([name, stamp]) => before!.zips.get(name) !== stamp).length);
    },
  };
}

/** `aws cloudformation package` of the same workload, through AWS_ENDPOINT_URL. */
export function awsCliPackage(
  ctx: BenchContext,
  cloud: LocalCloudProcess,
  workload: Workload,
  state: CacheState,
  facts?: WarmFacts,
): Contender {
  let counter = 0;
  let primedBucket: string | undefined;
  let versionsBefore = 0;
  const command = (bucket: string, out: string) => ({
    command: ctx.awsCli,
    args: [
      'cloudformation',
      'package',
      '--template-file',
      workload.templateFile,
      '--s3-bucket',
      bucket,
      '--output-template-file',
      out,
    ],
    cwd: workload.dir,
    env: cloud.env,
  });
  return {
    name: `aws cloudformation package (${state})`,
    async prepare() {
      const scratch = await ctx.scratch(`aws-${state}-${slug(workload.name)}`);
      if (state === 'cold') {
        const bucket = `aws-cold-${slug(workload.name)}-${++counter}`;
        await createVersionedBucket(cloud.endpoint, bucket);
        return command(bucket, join(scratch, 'packaged.yaml'));
      }
      if (!primedBucket) {
        primedBucket = `aws-warm-${slug(workload.name)}`;
        await createVersionedBucket(cloud.endpoint, primedBucket);
        await runPriming(command(primedBucket, join(scratch, 'primed.yaml')));
      }
      versionsBefore = await countObjectVersions(cloud.endpoint, primedBucket);
      return command(primedBucket, join(scratch, 'packaged.yaml'));
    },
    async after(run) {
      if (state === 'cold' || !primedBucket || run.warmup) return;
      facts?.uploads.push((await countObjectVersions(cloud.endpoint, primedBucket)) - versionsBefore);
    },
  };
}

async function primeToolkit(
  ctx: BenchContext,
  cloud: LocalCloudProcess,
  workload: Workload,
  command: (bucket: string, buildDir: string, out: string) => ProcessSpec,
) {
  const scratch = await ctx.scratch(`tk-warm-${slug(workload.name)}`);
  const primed = {
    bucket: `tk-warm-${slug(workload.name)}`,
    buildDir: join(scratch, 'build'),
    out: join(scratch, 'packaged.yaml'),
  };
  await createVersionedBucket(cloud.endpoint, primed.bucket);
  await runPriming(command(primed.bucket, primed.buildDir, primed.out));
  return primed;
}

/** An untimed run that fills the bucket and build cache a warm run starts from. */
async function runPriming(spec: ProcessSpec): Promise<void> {
  await runMeasured(spec);
}

/** Each cached zip's name with its mtime and inode: a rebuilt zip is renamed into place, so either changes. */
async function zipStamps(buildDir: string): Promise<Map<string, string>> {
  const names = (await readdir(buildDir).catch(() => [] as string[])).filter((n) => n.endsWith('.zip'));
  const stamps = new Map<string, string>();
  for (const name of names) {
    const s = await stat(join(buildDir, name));
    stamps.set(name, `${s.mtimeMs}:${s.ino}`);
  }
  return stamps;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
