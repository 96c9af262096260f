import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { alternate, type Contender } from '../lib/alternation.ts';
import type { Benchmark, BenchmarkResult } from '../lib/benchmark.ts';
import { pairRow, runPlan } from '../lib/result-rows.ts';
import { bundleZipFolder } from '../lib/zip-folder-bundle.ts';

/** B4: the toolkit's deterministic zip builder against Info-ZIP, both on one core. */
export const b4ZipBuilder: Benchmark = {
  id: 'B4',
  title: "zip one large folder: toolkit's zip builder vs Info-ZIP `zip -X -r -6` on one core (taskset -c 0)",
  target: "toolkit ≤ 1.25× zip's time, byte-identical output on re-runs",
  async run(ctx): Promise<BenchmarkResult> {
    const workload = ctx.workloads[ctx.config.zipWorkload];
    const folder = join(workload.dir, workload.codeUris[0]!);
    const scratch = await ctx.scratch('b4');
    const digests: string[] = [];
    const sizes = new Map<string, number>();
    const toolkitOut = join(scratch, 'toolkit.zip');
    const zipFolder = await bundleZipFolder(join(scratch, 'bundle'));
    const infoZipOut = join(scratch, 'info-zip.zip');
    const toolkit: Contender = {
      name: 'toolkit zip builder',
      async prepare() {
        await rm(toolkitOut, { force: true });
        return { command: process.execPath, args: [zipFolder, folder, toolkitOut], cwd: scratch, cpus: '0' };
      },
      async after() {
        digests.push(await sha256(toolkitOut));
        sizes.set('toolkit', (await stat(toolkitOut)).size);
      },
    };
    const infoZip: Contender = {
      name: 'zip -X -r -6',
      async prepare() {
        // zip updates an existing archive in place: every run starts from none.
        await rm(infoZipOut, { force: true });
        return { command: 'zip', args: ['-q', '-X', '-r', '-6', infoZipOut, '.'], cwd: folder, cpus: '0' };
      },
      async after() {
        sizes.set('zip', (await stat(infoZipOut)).size);
      },
    };
    ctx.log(`B4 ${workload.name} folder`);
    const row = pairRow(workload.name, await alternate([toolkit, infoZip], runPlan(ctx)), toolkit.name, infoZip.name);
    const slowdown = 1 / row.ratio;
    const identical = new Set(digests).size === 1;
    return {
      id: this.id,
      title: this.title,
      target: this.target,
      rows: [{ ...row, ratioLabel: `toolkit takes ${slowdown.toFixed(2)}× zip's time` }],
      checks: [
        { target: "toolkit ≤ 1.25× zip's time", measured: `${slowdown.toFixed(2)}×`, pass: slowdown <= 1.25 },
        {
          target: 'byte-identical output on re-runs',
          measured: `${digests.length} runs, ${new Set(digests).size} distinct SHA-256 (${digests[0]?.slice(0, 12) ?? '-'})`,
          pass: identical,
        },
      ],
      notes: [
        `Archive sizes: toolkit ${mb(sizes.get('toolkit'))}, Info-ZIP ${mb(sizes.get('zip'))} (Info-ZIP also stores directory entries and timestamps).`,
      ],
    };
  },
};

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function mb(bytes: number | undefined): string {
  return bytes === undefined ? '-' : `${(bytes / 1e6).toFixed(1)} MB`;
}
