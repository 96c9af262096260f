import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { mapConcurrent, silentIoHost, UserInputError, type IoHost, messages } from '@toolkit/core';
import { buildDirectorySource, type StatCache, type ZippedRecord } from './directory-source.ts';
import type { WalkedFile } from './directory-walk.ts';
import { loadStatIndex, saveStatIndex } from './stat-index.ts';
import { removeReplacedZips } from './replaced-zips.ts';
import type { SourceOutcome } from './source-outcome.ts';
import { useFileSource } from './lone-file-source.ts';
import { BuildWorkers } from './build-workers.ts';
import { prepareBuildDir } from './build-dir.ts';
import { EarlyZips } from './early-zips.ts';
import { SharedZips } from './shared-zips.ts';
import type { EsbuildApi } from './workflows/esbuild-api.ts';
import { prepareSources } from './workflows/prepare-sources.ts';
import { selectWorkflow } from './workflows/select-workflow.ts';
import { workflowContext } from './workflows/workflow-context.ts';
import type { DependencyReport, WorkflowInput, WorkflowOutcome } from './workflows/workflow-types.ts';

/** One artifact to build: a folder to zip or a prebuilt zip file. */
export interface BuildRequest {
  id: string;
  source: { kind: 'directory' | 'zip-file'; path: string };
  /** For a folder: the runtime and Metadata its build workflow is chosen from; without it the folder is zipped as it is. */
  build?: WorkflowInput;
}

/** A built (or reused) artifact. */
export interface BuiltArtifact {
  id: string;
  /** The source path as requested. */
  source: string;
  /** Absolute path of the zip: in the build cache, or the source itself for a zip-file source. */
  zip: string;
  sha256: string;
  size: number;
  /** True when the stat cache vouched for the zip and no file content was read. */
  cached: boolean;
  /** How the folder was built: `copy`, `npm`, `pnpm`, `yarn`, `pip`, `esbuild` or `makefile` (`zip-file` for a prebuilt zip). */
  buildMethod: string;
  /** The dependencies installed or reused from the dependency cache, if the build installs any. */
  dependencies: DependencyReport | null;
}

/** Options for {@link buildArtifacts}. */
export interface BuildOptions {
  /** The build cache folder (zips and the stat index), e.g. `.toolkit/build`. */
  buildDir: string;
  /** Zip workers (sources zipped at once); defaults to the CPU count. */
  concurrency?: number;
  /** Receives per-artifact progress (`step: 'build'`) and coded debug/warn messages. */
  io?: IoHost;
  /**
   * The template's folder. Its `.toolkitignore` applies to every folder source inside it,
   * besides the source's own `.toolkitignore`.
   */
  projectDir?: string;
  /** Called for each artifact as soon as its zip is ready, so callers can start uploading before the rest are built. */
  onBuilt?: (artifact: BuiltArtifact) => void;
  /** Environment of build tools (npm, pip, make); defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** esbuild for `BuildMethod: esbuild` when the project has none of its own; loaded only when needed. */
  loadEsbuild?: () => Promise<EsbuildApi>;
}

/** The default build cache folder, relative to the project. */
export const DEFAULT_BUILD_DIR = '.toolkit/build';

interface SourceGroup {
  kind: BuildRequest['source']['kind'];
  path: string;
  ids: string[];
  requests: BuildRequest[];
  build?: WorkflowInput;
}

/**
 * Builds every request's zip into the content-addressed cache, in parallel. Requests with
 * the same source are built once; unchanged folders are reused from the stat cache. On the
 * first failure no new sources start, the stat index keeps what did succeed, and that
 * failure is thrown.
 */
export async function buildArtifacts(
  requests: readonly BuildRequest[],
  options: BuildOptions,
): Promise<BuiltArtifact[]> {
  const buildDir = resolve(options.buildDir);
  const io = options.io ?? silentIoHost;
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const groups = groupBySource(requests);
  await prepareBuildDir(buildDir);
  const workers = new BuildWorkers(concurrency);
  const early = new EarlyZips(buildDir, workers);
  const cacheLoaded = loadStatIndex(buildDir).then((index): StatCache => ({
    index: index.records,
    updates: new Map(),
    replacedRemoved: removeReplacedZips(buildDir, index),
  }));
  // Staging folders link the same installed dependencies: their files are stat'ed once.
  const linkedFolders = new Map<string, readonly WalkedFile[]>();
  // Settled once every install is done: shared zips enter the cache only when all succeeded.
  let installsDone: (succeeded: boolean) => void = () => {};
  const allInstalled = new Promise<boolean>((resolve) => (installsDone = resolve));
  const shared = new SharedZips(buildDir, cacheLoaded, workers, io, linkedFolders, early, concurrency, allInstalled);
  // The zips started ahead are let finish before the workers stop; the temp ones are removed.
  const closeWorkers = async (): Promise<void> => {
    await shared.settle();
    await early.remove();
    await workers.close();
  };
  const prepared = await prepareSources(
    [...groups].filter(([, g]) => g.kind === 'directory').map(([key, g]) => ({ key, ...g })),
    // A fresh install means zips to write: the workers load while it runs, and zip the
    // staged functions' own files meanwhile.
    workflowContext(buildDir, io, {
      ...options,
      onInstall: () => workers.prestart(),
      onStaged: (key, stage, dependencies) => early.start(key, stage, dependencies),
      onSharedStaged: (dir) => void shared.get(dir),
    }),
    io,
    concurrency,
  ).catch(async (error: unknown) => {
    installsDone(false);
    await closeWorkers();
    throw error;
  });
  installsDone(true);
  const cache = await cacheLoaded;
  // The zips a source's entries may be copied from besides its previous one.
  const copiedFrom = async (key: string, sharedDir: string | undefined): Promise<ZippedRecord[]> => {
    const dependencies = sharedDir === undefined ? undefined : shared.get(sharedDir);
    const own = await early.get(key);
    return [own, await dependencies].filter((zip) => zip !== undefined);
  };
  let failure: { error: unknown } | undefined;
  // Twice as many sources in hand as workers: the next source's folder is walked and
  // checked against the stat cache while the workers zip.
  const outcomes = await mapConcurrent(
    [...groups],
    concurrency * 2,
    async ([key, group]): Promise<BuiltSource | undefined> => {
      const progress = (state: 'start' | 'done' | 'skip' | 'fail', detail?: string): void => {
        for (const task of group.ids)
          io.progress?.({ task, step: 'build', state, ...(detail === undefined ? {} : { detail }) });
      };
      if (failure) {
        progress('skip', 'not built: another artifact failed');
        return undefined;
      }
      progress('start');
      try {
        const workflow: WorkflowOutcome = prepared.get(key) ?? zipFileOutcome(group.path);
        const zipped =
          group.kind === 'zip-file'
            ? await useFileSource(group.path, buildDir, cache, workers, io)
            : await buildDirectorySource(
                workflow.dir,
                buildDir,
                cache,
                workers,
                io,
                // A staging folder lies in the build cache, outside the template's folder.
                options.projectDir === undefined || workflow.dir !== group.path
                  ? { linkedFolders }
                  : { projectDir: resolve(options.projectDir), linkedFolders },
                () => copiedFrom(key, workflow.sharedDir),
              );
        const outcome: BuiltSource = {
          ...zipped,
          buildMethod: workflow.buildMethod,
          dependencies: workflow.dependencies,
        };
        progress(
          outcome.cached ? 'skip' : 'done',
          `${outcome.sha256.slice(0, 12)} ${outcome.size} bytes${outcome.cached ? ' (cached)' : ''}`,
        );
        for (const request of group.requests)
          options.onBuilt?.({ id: request.id, source: request.source.path, ...outcome });
        return outcome;
      } catch (error) {
        failure ??= { error };
        progress('fail', error instanceof Error ? error.message : String(error));
        return undefined;
      }
    },
  ).finally(closeWorkers);
  await cache.replacedRemoved;
  await saveStatIndex(buildDir, cache.updates);
  if (failure) throw failure.error;
  const bySource = new Map([...groups.keys()].map((key, i) => [key, outcomes[i] as BuiltSource]));
  return requests.map((request) => {
    const outcome = bySource.get(sourceKey(request)) as BuiltSource;
    return { id: request.id, source: request.source.path, ...outcome };
  });
}

/** True when the folder is zipped as it is (no workflow), so it shares its zip with every other such request. */
function zippedAsIs(request: BuildRequest): boolean {
  try {
    return selectWorkflow(resolve(request.source.path), request.build!).kind === 'copy';
  } catch {
    return false; // a refused BuildMethod is reported when the workflows are planned
  }
}

type BuiltSource = SourceOutcome & Pick<BuiltArtifact, 'buildMethod' | 'dependencies'>;

function zipFileOutcome(path: string): WorkflowOutcome {
  return { dir: path, buildMethod: 'zip-file', dependencies: null };
}

/** Requests share a build when they name the same source built the same way (position aside). */
function sourceKey(request: BuildRequest): string {
  const base = `${request.source.kind}:${resolve(request.source.path)}`;
  if (!request.build || zippedAsIs(request)) return base;
  // The logical id only changes the build of a Makefile (its target is build-<LogicalId>).
  const { position: _position, logicalId, ...how } = request.build;
  return `${base}:${JSON.stringify(how)}${how.buildMethod === 'makefile' ? `:${logicalId}` : ''}`;
}

function groupBySource(requests: readonly BuildRequest[]): Map<string, SourceGroup> {
  const groups = new Map<string, SourceGroup>();
  for (const request of requests) {
    const { kind } = request.source;
    if (kind !== 'directory' && kind !== 'zip-file') {
      throw new UserInputError(
        messages.BuildUnknownSourceKind,
        `Artifact ${request.id}: unknown source kind '${String(kind)}' (expected 'directory' or 'zip-file').`,
      );
    }
    const key = sourceKey(request);
    const group = groups.get(key);
    if (group) {
      group.ids.push(request.id);
      group.requests.push(request);
    } else
      groups.set(key, {
        kind,
        path: resolve(request.source.path),
        ids: [request.id],
        requests: [request],
        ...(request.build ? { build: request.build } : {}),
      });
  }
  return groups;
}
