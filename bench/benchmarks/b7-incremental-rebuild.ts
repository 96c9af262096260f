import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { alternate, type Contender } from '../lib/alternation.ts';
import type { Benchmark, BenchmarkResult } from '../lib/benchmark.ts';
import { runPlan } from '../lib/result-rows.ts';
import { summarise } from '../lib/statistics.ts';
import { buildUntimed, builtArtifacts } from '../lib/toolkit-build-run.ts';
import { toolkitSpec } from '../lib/toolkit-command.ts';

/** B7: rebuilding the large function after a one-file edit, against building it cold. */
export const b7IncrementalRebuild: Benchmark = {
  id: 'B7',
  title: 'rebuild the large function after a one-file edit (incremental re-zip) vs a cold build of it',
  target: "rebuild ≤ 5 % of the cold build's time, byte-identical to a cold build of the edited folder",
  async run(ctx): Promise<BenchmarkResult> {
    const workload = ctx.workloads.big;
    const edited = join(workload.dir, workload.codeUris[0]!, 'index.mjs');
    const original = await readFile(edited);
    const warmDir = join(await ctx.scratch('b7-warm'), 'build');
    const mismatches: string[] = [];
    let edits = 0;
    const build = (buildDir: string) =>
      toolkitSpec(['build', '--json', '--template-file', workload.templateFile, '--build-dir', buildDir], {
        cwd: workload.dir,
      });
    const cold: Contender = {
      name: 'toolkit build (cold)',
      async prepare() {
        return build(join(await ctx.scratch('b7-cold'), 'build'));
      },
      async after(_run, outcome) {
        builtArtifacts('B7 cold', outcome);
      },
    };
    const incremental: Contender = {
      name: 'toolkit build (one file edited)',
      async prepare() {
        await appendFile(edited, `\n// edit ${++edits}\n`);
        return build(warmDir);
      },
      async after(_run, outcome) {
        const [rebuilt] = builtArtifacts('B7 rebuild', outcome);
        const [reference] = buildUntimed(
          workload.templateFile,
          join(await ctx.scratch('b7-ref'), 'build'),
          workload.dir,
        );
        if (rebuilt?.sha256 !== reference?.sha256)
          mismatches.push(`edit ${edits}: ${rebuilt?.sha256.slice(0, 12)} ≠ cold ${reference?.sha256.slice(0, 12)}`);
      },
    };
    try {
      buildUntimed(workload.templateFile, warmDir, workload.dir);
      ctx.log(`B7 ${workload.name}`);
      const samples = await alternate([cold, incremental], runPlan(ctx));
      const a = summarise(cold.name, samples.get(cold.name) ?? []);
      const b = summarise(incremental.name, samples.get(incremental.name) ?? []);
      const share = b.medianWallMs / a.medianWallMs;
      return {
        id: this.id,
        title: this.title,
        target: this.target,
        rows: [
          { workload: workload.name, summaries: [a, b], ratioLabel: `rebuild ${(share * 100).toFixed(1)} % of cold` },
        ],
        checks: [
          {
            target: "rebuild ≤ 5 % of the cold build's time (medians)",
            measured: `${(share * 100).toFixed(1)} %`,
            pass: share <= 0.05,
          },
          {
            target: 'byte-identical to a cold build of the edited folder',
            measured: mismatches.length === 0 ? `${edits} rebuilds, all identical` : mismatches.join('; '),
            pass: mismatches.length === 0,
          },
        ],
        notes: [
          'Both runs include the CLI start and the walk of every file; the rebuild copies every unchanged entry of the previous zip raw, and the unchanged MiB pieces of the edited 12 MB index.mjs, so it deflates only that file’s last piece.',
        ],
      };
    } finally {
      await writeFile(edited, original);
    }
  },
};
