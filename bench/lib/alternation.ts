import { runMeasured, type ProcessOutcome, type ProcessSpec } from './measured-process.ts';
import type { Sample } from './statistics.ts';

/** Which run is being prepared. */
export interface RunInfo {
  /** 0-based among the timed runs; -1 for the warm-up. */
  index: number;
  warmup: boolean;
}

/** One side of a comparison. */
export interface Contender {
  name: string;
  /** Timed runs for this contender when fewer than the plan's (a very slow contender); it then sits out the later rounds. */
  maxRuns?: number;
  /** Untimed setup of one run (fresh bucket, empty cache …); returns the command to time. */
  prepare(run: RunInfo): Promise<ProcessSpec>;
  /** Untimed check of a finished run; throws when the run did not do what it should. */
  after?(run: RunInfo, outcome: ProcessOutcome): Promise<void>;
}

/** How many times to run. */
export interface RunPlan {
  runs: number;
  warmup: boolean;
  /** Progress lines for the terminal. */
  log: (line: string) => void;
}

/**
 * Runs the contenders alternately (A B A B …) so drift in the machine's load hits
 * both alike: one untimed warm-up round, then `runs` timed rounds.
 */
export async function alternate(contenders: readonly Contender[], plan: RunPlan): Promise<Map<string, Sample[]>> {
  const samples = new Map<string, Sample[]>(contenders.map((c) => [c.name, []]));
  const rounds: RunInfo[] = [
    ...(plan.warmup ? [{ index: -1, warmup: true }] : []),
    ...Array.from({ length: plan.runs }, (_, index) => ({ index, warmup: false })),
  ];
  for (const run of rounds) {
    for (const contender of contenders) {
      if (!run.warmup && contender.maxRuns !== undefined && run.index >= contender.maxRuns) continue;
      const spec = await contender.prepare(run);
      const outcome = await runMeasured(spec);
      await contender.after?.(run, outcome);
      const label = run.warmup
        ? 'warm-up'
        : `run ${run.index + 1}/${Math.min(plan.runs, contender.maxRuns ?? plan.runs)}`;
      plan.log(
        `  ${contender.name.padEnd(36)} ${label.padEnd(10)} ${(outcome.wallMs / 1000).toFixed(2).padStart(7)} s ${String(Math.round(outcome.peakRssKb / 1024)).padStart(5)} MB`,
      );
      if (!run.warmup) samples.get(contender.name)!.push({ wallMs: outcome.wallMs, peakRssKb: outcome.peakRssKb });
    }
  }
  return samples;
}
