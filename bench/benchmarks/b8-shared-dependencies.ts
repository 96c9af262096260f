import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { alternate, type Contender } from '../lib/alternation.ts';
import type { Benchmark, BenchmarkResult } from '../lib/benchmark.ts';
import { writeLockfileWorkload } from '../lib/npm-lockfile-workload.ts';
import { runPlan } from '../lib/result-rows.ts';
import { summarise } from '../lib/statistics.ts';
import { buildUntimed, builtArtifacts } from '../lib/toolkit-build-run.ts';
import { toolkitSpec } from '../lib/toolkit-command.ts';

/** B8: Node.js functions sharing one lockfile, built cold and warm, against one `npm ci` of that lockfile. */
export const b8SharedDependencies: Benchmark = {
  id: 'B8',
  title: 'build Node.js functions sharing one lockfile: toolkit build cold and warm vs one `npm ci` of the lockfile',
  target: 'cold ≤ 1.5× one npm ci; warm: 0 installs and ≤ 10 % of cold',
  async run(ctx): Promise<BenchmarkResult> {
    const size = ctx.config.mode === 'smoke' ? { functions: 3, packages: 5 } : { functions: 20, packages: 50 };
    const workload = await writeLockfileWorkload(await ctx.scratch('b8-project'), size.functions, size.packages);
    const npmDir = join(await ctx.scratch('b8-npm'), 'fn');
    await cp(workload.functionDirs[0]!, npmDir, { recursive: true });
    const warmDir = join(await ctx.scratch('b8-warm'), 'build');
    const installs = { cold: [] as number[], warm: [] as number[] };
    const build = (buildDir: string) =>
      toolkitSpec(['build', '--json', '--template-file', workload.templateFile, '--build-dir', buildDir], {
        cwd: workload.dir,
      });
    const countInstalls = (what: string, outcome: Parameters<NonNullable<Contender['after']>>[1]) =>
      builtArtifacts(what, outcome).filter((a) => a.dependencies && !a.dependencies.reused).length;
    const npmCi: Contender = {
      name: 'npm ci (one function)',
      async prepare() {
        await rm(join(npmDir, 'node_modules'), { recursive: true, force: true });
        return { command: 'npm', args: ['ci', '--omit=dev', '--no-audit', '--no-fund'], cwd: npmDir };
      },
      async after(_run, outcome) {
        if (outcome.exitCode !== 0) throw new Error(`B8: npm ci exited ${outcome.exitCode}: ${outcome.stderr.trim()}`);
      },
    };
    const cold: Contender = {
      name: `toolkit build (${size.functions} fns, cold)`,
      async prepare() {
        return build(join(await ctx.scratch('b8-cold'), 'build'));
      },
      async after(run, outcome) {
        const count = countInstalls('B8 cold', outcome);
        if (!run.warmup) installs.cold.push(count);
      },
    };
    const warm: Contender = {
      name: `toolkit build (${size.functions} fns, warm)`,
      async prepare() {
        return build(warmDir);
      },
      async after(run, outcome) {
        const count = countInstalls('B8 warm', outcome);
        if (!run.warmup) installs.warm.push(count);
      },
    };
    buildUntimed(workload.templateFile, warmDir, workload.dir);
    ctx.log(`B8 ${size.functions} functions, ${size.packages} packages`);
    const samples = await alternate([npmCi, cold, warm], runPlan(ctx));
    const [n, c, w] = [npmCi, cold, warm].map((x) => summarise(x.name, samples.get(x.name) ?? []));
    const coldRatio = c!.medianWallMs / n!.medianWallMs;
    const warmShare = w!.medianWallMs / c!.medianWallMs;
    return {
      id: this.id,
      title: this.title,
      target: this.target,
      rows: [
        {
          workload: `${size.functions} functions × ${size.packages} deps`,
          summaries: [n!, c!, w!],
          ratioLabel: `cold ${coldRatio.toFixed(2)}× npm ci; warm ${(warmShare * 100).toFixed(1)} % of cold`,
        },
      ],
      checks: [
        { target: 'cold ≤ 1.5× one npm ci (medians)', measured: `${coldRatio.toFixed(2)}×`, pass: coldRatio <= 1.5 },
        {
          target: 'cold installs once for all functions',
          measured: `installs per cold run: ${installs.cold.join(', ')}`,
          pass: installs.cold.every((count) => count === 1),
        },
        {
          target: 'warm: 0 installs',
          measured: `installs per warm run: ${installs.warm.join(', ')}`,
          pass: installs.warm.every((count) => count === 0),
        },
        {
          target: 'warm ≤ 10 % of cold (medians)',
          measured: `${(warmShare * 100).toFixed(1)} %`,
          pass: warmShare <= 0.1,
        },
      ],
      notes: [
        'npm ci reads the tarballs from the project and its own cache; both contenders pay the same. The cold build includes zipping every function.',
      ],
    };
  },
};
