import { alternate, type Contender } from '../lib/alternation.ts';
import type { Benchmark, BenchmarkResult } from '../lib/benchmark.ts';
import { runPlan } from '../lib/result-rows.ts';
import { summarise } from '../lib/statistics.ts';
import { toolkitSpec } from '../lib/toolkit-command.ts';

/** Start-ups are short: enough rounds that one descheduled run does not move the median. */
const FULL_RUNS = 15;
const TARGET_MS = 150;

/**
 * B12: what starting the CLI costs, next to starting Node.js itself. Every command pays it,
 * and a warm `package` that does little else is mostly start-up.
 */
export const b12StartUp: Benchmark = {
  id: 'B12',
  title: "start-up: toolkit --version vs node -e '' (a bare Node.js start)",
  target: `toolkit --version ≤ ${TARGET_MS / 1000} s (median)`,
  async run(ctx): Promise<BenchmarkResult> {
    const version: Contender = { name: 'toolkit --version', prepare: async () => toolkitSpec(['--version']) };
    const bare: Contender = {
      name: "node -e ''",
      prepare: async () => ({ command: process.execPath, args: ['-e', ''] }),
    };
    const plan = runPlan(ctx, ctx.config.mode === 'full' ? FULL_RUNS : ctx.config.runs);
    const samples = await alternate([version, bare], plan);
    const toolkit = summarise(version.name, samples.get(version.name) ?? []);
    const node = summarise(bare.name, samples.get(bare.name) ?? []);
    const overheadMs = toolkit.medianWallMs - node.medianWallMs;
    return {
      id: this.id,
      title: this.title,
      target: this.target,
      rows: [
        {
          workload: 'start-up',
          summaries: [toolkit, node],
          ratioLabel: `toolkit +${Math.round(overheadMs)} ms over Node.js`,
        },
      ],
      checks: [
        {
          target: this.target,
          measured: `${(toolkit.medianWallMs / 1000).toFixed(3)} s (Node.js alone ${(node.medianWallMs / 1000).toFixed(3)} s)`,
          pass: toolkit.medianWallMs <= TARGET_MS,
        },
      ],
      notes: [
        'Both run under GNU time, which adds the same fork and exec to each. From a clone, `toolkit` first checks that its bundle is newer than every source file.',
      ],
    };
  },
};
