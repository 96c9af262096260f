import type { IoHost } from '@toolkit/core';
import type { EsbuildApi } from './esbuild-api.ts';
import { FileDigests } from './file-digests.ts';

/** What every workflow of one `buildArtifacts` call shares: where caches live and what is already under way. */
export interface WorkflowContext {
  buildDir: string;
  env: NodeJS.ProcessEnv;
  io: IoHost;
  /** esbuild for `BuildMethod: esbuild` when the project has none of its own. */
  loadEsbuild?: () => Promise<EsbuildApi>;
  /** Installs started in this call, by cache key: artifacts sharing a lockfile install once. */
  installs: Map<string, Promise<string>>;
  /** Shared dependency folders being linked in this call, by path: artifacts sharing one link it once. */
  sharedDirs: Map<string, Promise<void>>;
  /** Tool versions asked in this call, by command line. */
  versions: Map<string, Promise<string>>;
  /** Writes of the remembered tool versions, one after another. */
  versionWrites: Promise<void>;
  /** Dependency cache keys being computed in this call, by project. */
  dependencyKeys: Map<string, Promise<string>>;
  /** Digests of the local files installs read, remembered across builds by stat. */
  fileDigests: FileDigests;
  /** Told when an install runs (a cache miss): zips will follow, so the build readies its workers meanwhile. */
  onInstall?: () => void;
  /**
   * Told when a staging folder is linked before the dependencies it links are installed:
   * `dependencies` is the entry name of their folder in it (`node_modules`, `nodejs/node_modules`),
   * so the build can zip the rest of the folder while the install runs.
   */
  onStaged?: (stageKey: string, stage: string, dependencies: string) => void;
  /**
   * Told when the shared dependency folder of an install this build ran is linked: its zip,
   * which every function holding it copies from, can start.
   */
  onSharedStaged?: (dir: string) => void;
  /** Staging folders being linked ahead of their install, by stage key: linked again only once that is done. */
  stagedAhead: Map<string, Promise<void>>;
}

/** A fresh context for one build call. */
export function workflowContext(
  buildDir: string,
  io: IoHost,
  options: {
    env?: NodeJS.ProcessEnv;
    loadEsbuild?: () => Promise<EsbuildApi>;
    onInstall?: () => void;
    onStaged?: WorkflowContext['onStaged'];
    onSharedStaged?: WorkflowContext['onSharedStaged'];
  },
): WorkflowContext {
  return {
    buildDir,
    io,
    env: options.env ?? process.env,
    ...(options.loadEsbuild ? { loadEsbuild: options.loadEsbuild } : {}),
    ...(options.onInstall ? { onInstall: options.onInstall } : {}),
    ...(options.onStaged ? { onStaged: options.onStaged } : {}),
    ...(options.onSharedStaged ? { onSharedStaged: options.onSharedStaged } : {}),
    stagedAhead: new Map(),
    installs: new Map(),
    sharedDirs: new Map(),
    versions: new Map(),
    versionWrites: Promise.resolve(),
    dependencyKeys: new Map(),
    fileDigests: new FileDigests(buildDir),
  };
}
