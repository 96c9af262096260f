import { mapConcurrent, type IoHost } from '@toolkit/core';
import { planWorkflow, runWorkflow } from './run-workflow.ts';
import { stageAhead } from './stage-ahead.ts';
import type { WorkflowContext } from './workflow-context.ts';
import type { WorkflowInput, WorkflowOutcome } from './workflow-types.ts';

/** One folder source to prepare, with the artifacts that share it. */
export interface SourceToPrepare {
  key: string;
  path: string;
  ids: readonly string[];
  build?: WorkflowInput;
}

/**
 * Runs every source's build workflow (installs, bundles, makefiles) before anything is
 * zipped, so a failed install stops the run before any zip exists to upload. Every
 * BuildMethod and BuildProperties is checked first, before any tool runs.
 */
export async function prepareSources(
  sources: readonly SourceToPrepare[],
  ctx: WorkflowContext,
  io: IoHost,
  concurrency: number,
): Promise<Map<string, WorkflowOutcome>> {
  const planned = sources.map((s) => (s.build ? planWorkflow(s.path, s.build, s.ids[0] ?? s.path) : undefined));
  // Every Node.js project's dependency key is read now, while the first installs run, one
  // project after another: the first install waits for its own key only, and functions that
  // share a lockfile find the install reused as soon as it is there. Each staging folder is
  // linked as soon as its key is known, so its own files are zipped during the install.
  let previous: Promise<void> = Promise.resolve();
  planned.forEach((plan, i) => {
    if (plan?.workflow.kind !== 'node') return;
    const key = sources[i]!.key;
    // A failure here is the source's own workflow's to report.
    // Each after a turn of the event loop: a key's reads are synchronous, and the first
    // install's start and the early zips' messages are not kept waiting behind all of them.
    previous = previous
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => stageAhead(ctx, plan, key))
      .catch(() => {});
    ctx.stagedAhead.set(key, previous);
  });
  const outcomes = new Map<string, WorkflowOutcome>();
  let failure: { error: unknown } | undefined;
  // Running work is let finish (no tool is left running behind the error), none starts after a failure.
  await mapConcurrent(sources, concurrency, async (s, i) => {
    const plan = planned[i];
    if (!plan) return void outcomes.set(s.key, { dir: s.path, buildMethod: 'copy', dependencies: null });
    if (failure) return;
    try {
      const outcome = await runWorkflow(ctx, plan, s.key, (step, state, detail) => {
        for (const task of s.ids) io.progress?.({ task, step, state, ...(detail === undefined ? {} : { detail }) });
      });
      outcomes.set(s.key, outcome);
    } catch (error) {
      failure ??= { error };
    }
  });
  await ctx.fileDigests.save();
  if (failure) throw failure.error;
  return outcomes;
}
