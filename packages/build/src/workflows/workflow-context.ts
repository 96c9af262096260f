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
}

/** A fresh context for one build call. */
export function workflowContext(
  buildDir: string,
  io: IoHost,
  options: { env?: NodeJS.ProcessEnv; loadEsbuild?: () => Promise<EsbuildApi>; onInstall?: () => void },
): WorkflowContext {
  return {
    buildDir,
    io,
    env: options.env ?? process.env,
    ...(options.loadEsbuild ? { loadEsbuild: options.loadEsbuild } : {}),
    ...(options.onInstall ? { onInstall: options.onInstall } : {}),
    installs: new Map(),
    sharedDirs: new Map(),
    versions: new Map(),
    versionWrites: Promise.resolve(),
    dependencyKeys: new Map(),
    fileDigests: new FileDigests(buildDir),
  };
}
