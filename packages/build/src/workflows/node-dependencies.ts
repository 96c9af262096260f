import { readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { copyProject } from './copy-project.ts';
import { cachedInstall, contentKey, dependencyCacheDir } from './dependency-cache.ts';
import { localSourceDigests, nodeFileSpecs } from './local-sources.ts';
import { cachedToolVersion } from './tool-versions.ts';
import { runTool } from './run-tool.ts';
import type { WorkflowContext } from './workflow-context.ts';
import type { DependencyReport, NodeTool } from './workflow-types.ts';

/** A Node.js project to install: its folder, manifest, lockfile and the tool the lockfile names. */
export interface NodeProject {
  dir: string;
  manifest: string;
  lockfile?: string;
  tool: NodeTool;
  runtime?: string;
  architecture: string;
  /** Who needs it, for errors: `Function HelloFn`. */
  subject: string;
}

/** Top-level entries never copied into the install folder: installed anew, or toolkit/SAM state. */
const NOT_COPIED = new Set(['node_modules', '.toolkit', '.aws-sam']);

/**
 * The production dependencies of a Node.js project, installed with its package manager
 * into the dependency cache (keyed by manifest, lockfile, the contents of `file:` packages,
 * tool version, runtime and architecture) and never into the project's folder: the install runs in a copy of it, so
 * relative `file:` dependencies inside the folder resolve as they would in place.
 */
export async function installNodeDependencies(
  ctx: WorkflowContext,
  project: NodeProject,
): Promise<{ nodeModules: string; report: DependencyReport }> {
  const subject = `${project.subject} (${project.manifest})`;
  const key = await nodeDependencyKey(ctx, project);
  const { dir, reused } = await cachedInstall(ctx, key, async (temp) => {
    const work = join(temp, 'work');
    copyProject(project.dir, work, NOT_COPIED);
    await runTool({ command: project.tool, args: installArgs(project), cwd: work, env: installEnv(ctx.env), subject });
    await mkdir(join(work, 'node_modules'), { recursive: true });
    await rename(join(work, 'node_modules'), join(temp, 'node_modules'));
    await rm(work, { recursive: true, force: true });
  });
  return { nodeModules: join(dir, 'node_modules'), report: { tool: project.tool, cacheKey: key, reused } };
}

/** Where the install under `key` puts its `node_modules`, whether it is there yet or not. */
export function installedNodeModules(buildDir: string, key: string): string {
  return join(dependencyCacheDir(buildDir), key, 'node_modules');
}

/**
 * The dependency cache key of a project: its tool's version, runtime, architecture,
 * manifest, lockfile and the contents of its `file:` packages. Computed once per project
 * and build (the build starts every key while the first install runs, so the functions
 * waiting for it find theirs ready); a failure is thrown to the caller that awaits it.
 */
export function nodeDependencyKey(ctx: WorkflowContext, project: NodeProject): Promise<string> {
  const id = JSON.stringify([
    project.dir,
    project.manifest,
    project.lockfile,
    project.tool,
    project.runtime,
    project.architecture,
  ]);
  let key = ctx.dependencyKeys.get(id);
  if (!key) {
    key = computeNodeDependencyKey(ctx, project);
    key.catch(() => {}); // a key started ahead may fail before its install awaits it
    ctx.dependencyKeys.set(id, key);
  }
  return key;
}

async function computeNodeDependencyKey(ctx: WorkflowContext, project: NodeProject): Promise<string> {
  const subject = `${project.subject} (${project.manifest})`;
  const version = await cachedToolVersion(ctx, project.tool, ['--version'], subject);
  // Read synchronously: a warm build reads every function's manifest and lockfile, and a
  // promise per read (open, stat, read, close on the thread pool) costs several times the read.
  const manifest = readFileSync(project.manifest);
  return contentKey([
    'node-dependencies/1',
    project.tool,
    version,
    project.runtime ?? '',
    project.architecture,
    manifest,
    project.lockfile ? basename(project.lockfile) : '',
    project.lockfile ? readFileSync(project.lockfile) : '',
    // A `file:` package changed in place keeps its name in the manifest and lockfile.
    ...(await localSourceDigests(project.dir, nodeFileSpecs(manifest.toString('utf8')), ctx.fileDigests)),
  ]);
}

/** The production-only, lockfile-respecting install command of each tool. */
export function installArgs(project: Pick<NodeProject, 'tool' | 'lockfile'>): string[] {
  switch (project.tool) {
    case 'pnpm':
      // A hoisted node_modules is a plain folder tree, as Lambda loads it; pnpm's default is symlinks.
      return ['install', '--prod', '--frozen-lockfile', '--ignore-workspace', '--config.node-linker=hoisted'];
    case 'yarn':
      return ['install', '--production', '--frozen-lockfile', '--non-interactive'];
    case 'npm':
      return project.lockfile
        ? ['ci', '--omit=dev', '--no-audit', '--no-fund']
        : ['install', '--omit=dev', '--no-audit', '--no-fund', '--no-package-lock'];
  }
}

function installEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, npm_config_update_notifier: 'false', CI: env.CI ?? 'true' };
}
