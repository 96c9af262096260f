import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runTool } from './run-tool.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Runs `make -f <Makefile> build-<LogicalId>` in the source folder with `ARTIFACTS_DIR`
 * pointing at an emptied staging folder, as SAM CLI does: the Makefile decides what the
 * zip holds. Its output is not cached (make alone knows its inputs); the zip still is.
 */
export async function runMakefile(
  ctx: WorkflowContext,
  manifest: string,
  logicalId: string,
  stage: string,
  subject: string,
): Promise<void> {
  await rm(stage, { recursive: true, force: true });
  await mkdir(stage, { recursive: true, mode: 0o700 });
  await runTool({
    command: 'make',
    args: ['-f', manifest, `build-${logicalId}`],
    cwd: dirname(manifest),
    env: { ...ctx.env, ARTIFACTS_DIR: stage },
    subject: `${subject} (${manifest})`,
  });
}
