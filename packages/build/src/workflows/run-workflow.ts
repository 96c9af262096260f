import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { esbuildSettings, type EsbuildSettings } from './esbuild-properties.ts';
import { bundleWithEsbuild } from './esbuild-bundle.ts';
import { runMakefile } from './makefile-build.ts';
import { installNodeDependencies, type NodeProject } from './node-dependencies.ts';
import { installPythonDependencies } from './python-dependencies.ts';
import { selectWorkflow } from './select-workflow.ts';
import { sourceLinks, stagingDir, syncLinks } from './staging-folder.ts';
import type { WorkflowContext } from './workflow-context.ts';
import type { DependencyReport, Workflow, WorkflowInput, WorkflowOutcome } from './workflow-types.ts';

/** A source's chosen workflow, checked before anything runs. */
export interface PlannedWorkflow {
  source: string;
  input: WorkflowInput;
  workflow: Workflow;
  esbuild?: EsbuildSettings;
  /** `Function HelloFn` / `Layer Deps`: how errors name it. */
  subject: string;
}

/** Reports one step of one source (`install`, `bundle`, `make`). */
export type StepProgress = (step: string, state: 'start' | 'done' | 'skip' | 'fail', detail?: string) => void;

/** Chooses and checks a source's workflow (BuildMethod, BuildProperties) without running anything. */
export function planWorkflow(source: string, input: WorkflowInput, id: string): PlannedWorkflow {
  const workflow = selectWorkflow(source, input);
  return {
    source,
    input,
    workflow,
    ...(workflow.kind === 'esbuild' ? { esbuild: esbuildSettings(input) } : {}),
    subject: `${input.layer ? 'Layer' : 'Function'} ${id}`,
  };
}

/** The method name `--json` reports for a workflow. */
export function buildMethodName(workflow: Workflow): string {
  switch (workflow.kind) {
    case 'node':
      return workflow.tool;
    case 'python':
      return 'pip';
    default:
      return workflow.kind;
  }
}

/**
 * Runs a planned workflow and returns the folder to zip: the source itself for a plain
 * copy, else a staging folder in the build cache (`stageKey` names it stably across runs).
 */
export async function runWorkflow(
  ctx: WorkflowContext,
  plan: PlannedWorkflow,
  stageKey: string,
  progress: StepProgress,
): Promise<WorkflowOutcome> {
  const { source, input, workflow, subject } = plan;
  const buildMethod = buildMethodName(workflow);
  const stage = stagingDir(ctx.buildDir, stageKey);
  const project = { runtime: input.runtime, architecture: input.architecture, subject };
  const step = async <T>(name: string, work: () => Promise<T>, detail: (t: T) => string, skip?: (t: T) => boolean) => {
    progress(name, 'start');
    try {
      const result = await work();
      progress(name, skip?.(result) ? 'skip' : 'done', detail(result));
      return result;
    } catch (error) {
      progress(name, 'fail', error instanceof Error ? error.message.split('\n')[0] : String(error));
      throw error;
    }
  };
  const installed = (report: DependencyReport) =>
    `${report.tool} ${report.cacheKey.slice(0, 12)}${report.reused ? ' (reused)' : ''}`;
  switch (workflow.kind) {
    case 'copy':
      return { dir: source, buildMethod, dependencies: null };
    case 'makefile':
      await step(
        'make',
        () => runMakefile(ctx, workflow.manifest, input.logicalId, stage, subject),
        () => 'make',
      );
      return { dir: stage, buildMethod, dependencies: null };
    case 'node': {
      const deps = await step(
        'install',
        () => installNodeDependencies(ctx, nodeProject(plan, workflow)),
        (d) => installed(d.report),
        (d) => d.report.reused,
      );
      const layerFolder = input.layer ? 'nodejs' : undefined;
      await ctx.stagedAhead.get(stageKey); // linked ahead of the install: never two link passes at once
      await linkNodeStage(stage, source, layerFolder, deps.nodeModules);
      const dependencyLinks = new Map([['node_modules', deps.nodeModules]]);
      const sharedDir = await stageSharedDir(ctx, deps.report, layerFolder, dependencyLinks);
      return { dir: stage, buildMethod, dependencies: deps.report, sharedDir };
    }
    case 'python': {
      const deps = await step(
        'install',
        () => installPythonDependencies(ctx, { ...project, manifest: workflow.manifest }),
        (d) => installed(d.report),
        (d) => d.report.reused,
      );
      const layerFolder = input.layer ? 'python' : undefined;
      const links = await sourceLinks(source);
      const dependencyLinks = new Map<string, string>();
      for (const name of (await readdir(deps.packages)).sort()) dependencyLinks.set(name, join(deps.packages, name));
      // The function's own files win over a package of the same name, as they do on Python's path.
      for (const [name, target] of dependencyLinks) if (!links.has(name)) links.set(name, target);
      await stageLinks(stage, layerFolder, links);
      const sharedDir = await stageSharedDir(ctx, deps.report, layerFolder, dependencyLinks);
      return { dir: stage, buildMethod, dependencies: deps.report, sharedDir };
    }
    case 'esbuild': {
      let dependencies: DependencyReport | null = null;
      let root = source;
      if (workflow.manifest && (await hasDependencies(workflow.manifest))) {
        const deps = await step(
          'install',
          () =>
            installNodeDependencies(ctx, {
              ...project,
              dir: source,
              manifest: workflow.manifest!,
              tool: workflow.tool ?? 'npm',
              ...(workflow.lockfile ? { lockfile: workflow.lockfile } : {}),
            }),
          (d) => installed(d.report),
          (d) => d.report.reused,
        );
        dependencies = deps.report;
        root = stagingDir(ctx.buildDir, `${stageKey}:bundle-root`);
        const links = await sourceLinks(source, ['node_modules']);
        links.set('node_modules', deps.nodeModules);
        await syncLinks(root, links);
      } else if (workflow.manifest) progress('install', 'skip', 'no dependencies');
      await step(
        'bundle',
        () => bundleWithEsbuild(ctx, source, stage, plan.esbuild!, root, subject),
        () => `esbuild ${plan.esbuild!.entryPoints.join(', ')}`,
      );
      return { dir: stage, buildMethod, dependencies };
    }
  }
}

/** The Node.js project a `node` workflow installs. */
export function nodeProject(plan: PlannedWorkflow, workflow: Extract<Workflow, { kind: 'node' }>): NodeProject {
  const { source, input, subject } = plan;
  return { runtime: input.runtime, architecture: input.architecture, subject, dir: source, ...workflow };
}

/** Links a Node.js function's (or layer's) staging folder: its source's entries and the installed `node_modules`. */
export async function linkNodeStage(
  stage: string,
  source: string,
  layerFolder: string | undefined,
  nodeModules: string,
): Promise<void> {
  const links = await sourceLinks(source, ['node_modules']);
  links.set('node_modules', nodeModules);
  await stageLinks(stage, layerFolder, links);
}

/** Links the staged entries at the stage's top, or inside `layerFolder` for a layer (`nodejs/`, `python/`). */
async function stageLinks(stage: string, layerFolder: string | undefined, links: ReadonlyMap<string, string>) {
  if (layerFolder === undefined) return syncLinks(stage, links);
  await mkdir(stage, { recursive: true, mode: 0o700 });
  for (const entry of await readdir(stage, { withFileTypes: true }))
    if (entry.name !== layerFolder || !entry.isDirectory()) await rm(join(stage, entry.name), { recursive: true });
  await syncLinks(join(stage, layerFolder), links);
}

/**
 * The folder of one install's links laid out as a function (or a layer) holds them: its zip
 * is made once and its entries copied into every zip of that install, so 20 functions
 * sharing a lockfile deflate each dependency once. A function's own file of the same name
 * is not taken from it: entries are copied only for files of the same stat.
 */
async function stageSharedDir(
  ctx: WorkflowContext,
  report: DependencyReport,
  layerFolder: string | undefined,
  links: ReadonlyMap<string, string>,
): Promise<string> {
  const dir = stagingDir(ctx.buildDir, `dependencies:${report.tool}:${report.cacheKey}:${layerFolder ?? ''}`);
  let linked = ctx.sharedDirs.get(dir);
  if (!linked) {
    // Installed by this build: its zip is to be made, and can start at once.
    const fresh = ctx.installs.has(report.cacheKey);
    linked = stageLinks(dir, layerFolder, links).then(() => (fresh ? ctx.onSharedStaged?.(dir) : undefined));
    ctx.sharedDirs.set(dir, linked);
  }
  await linked;
  return dir;
}

async function hasDependencies(manifest: string): Promise<boolean> {
  try {
    const deps = (JSON.parse(await readFile(manifest, 'utf8')) as { dependencies?: unknown }).dependencies;
    return deps !== null && typeof deps === 'object' && Object.keys(deps).length > 0;
  } catch {
    return false;
  }
}
