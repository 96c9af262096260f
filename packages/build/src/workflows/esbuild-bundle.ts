import { readFile, readdir, rm, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { OperationError, UserInputError, messages } from '@toolkit/core';
import type { EsbuildApi, EsbuildFailure } from './esbuild-api.ts';
import type { EsbuildSettings } from './esbuild-properties.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Bundles the entry points into `stage` with esbuild (for Node.js, `bundle: true`) from
 * `root`: the source, or a mirror of it whose `node_modules` links to the installed
 * dependencies (links kept as written, so the bundle names `node_modules/…`, never the
 * cache's path, and is the same on every machine). Errors name files in `source`. Files
 * are rewritten only when their bytes change, so an unchanged bundle keeps its stat and
 * its zip is reused.
 */
export async function bundleWithEsbuild(
  ctx: WorkflowContext,
  source: string,
  stage: string,
  settings: EsbuildSettings,
  root: string,
  subject: string,
): Promise<void> {
  const esbuild = await loadEsbuild(ctx, source, subject);
  let result: Awaited<ReturnType<EsbuildApi['build']>>;
  try {
    result = await esbuild.build({
      ...settings.options,
      entryPoints: settings.entryPoints,
      bundle: true,
      platform: 'node',
      absWorkingDir: root,
      preserveSymlinks: root !== source,
      outdir: stage,
      write: false,
      logLevel: 'silent',
    });
  } catch (error) {
    const problems = ((error as EsbuildFailure).errors ?? []).map((e) =>
      e.location ? `${join(source, e.location.file)}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text,
    );
    throw new OperationError(
      messages.BuildBundleFailed,
      `${subject}: esbuild could not bundle ${settings.entryPoints.join(', ')}:\n${(problems.length > 0 ? problems : [String(error)]).map((m) => `  ${m}`).join('\n')}`,
      { cause: error },
    );
  }
  const wanted = new Set<string>();
  await mkdir(stage, { recursive: true, mode: 0o700 });
  for (const file of result.outputFiles ?? []) {
    wanted.add(relative(stage, file.path));
    const old = await readFile(file.path).catch(() => undefined);
    if (old && Buffer.compare(old, file.contents) === 0) continue;
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.contents);
  }
  await removeUnwanted(stage, stage, wanted);
}

async function removeUnwanted(root: string, dir: string, wanted: ReadonlySet<string>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await removeUnwanted(root, path, wanted);
    else if (!wanted.has(relative(root, path))) await rm(path, { force: true });
  }
}

/**
 * The project's own esbuild when it has one (as SAM CLI uses it), else the one the caller
 * supplied; esbuild is loaded only when a template asks for it.
 */
async function loadEsbuild(ctx: WorkflowContext, source: string, subject: string): Promise<EsbuildApi> {
  try {
    return createRequire(join(source, 'package.json'))('esbuild') as EsbuildApi;
  } catch {
    // Not in the project: fall back to the caller's.
  }
  const supplied = await ctx.loadEsbuild?.().catch(() => undefined);
  if (supplied) return supplied;
  throw new UserInputError(
    messages.BuildToolMissing,
    `${subject}: BuildMethod esbuild needs esbuild, which is not installed: add it to the project (npm install --save-dev esbuild).`,
  );
}
