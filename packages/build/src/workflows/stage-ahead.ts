import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { installedNodeModules, nodeDependencyKey } from './node-dependencies.ts';
import { linkNodeStage, nodeProject, type PlannedWorkflow } from './run-workflow.ts';
import { stagingDir } from './staging-folder.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Links the staging folder of a Node.js function (or layer) whose dependencies are not yet
 * in the dependency cache as soon as its dependency key is known, pointing at where the
 * install will put them, and tells the build (`ctx.onStaged`), which zips the function's
 * own files while npm runs: once it is done, only the installed entries are left to add.
 * Does nothing when the install is already there, with nothing to overlap.
 */
export async function stageAhead(ctx: WorkflowContext, plan: PlannedWorkflow, stageKey: string): Promise<void> {
  if (plan.workflow.kind !== 'node') return;
  const key = await nodeDependencyKey(ctx, nodeProject(plan, plan.workflow));
  const nodeModules = installedNodeModules(ctx.buildDir, key);
  if (existsSync(dirname(nodeModules))) return;
  const layerFolder = plan.input.layer ? 'nodejs' : undefined;
  const stage = stagingDir(ctx.buildDir, stageKey);
  await linkNodeStage(stage, plan.source, layerFolder, nodeModules);
  ctx.onStaged?.(stageKey, stage, layerFolder === undefined ? 'node_modules' : `${layerFolder}/node_modules`);
}
