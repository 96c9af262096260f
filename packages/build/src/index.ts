export {
  buildArtifacts,
  DEFAULT_BUILD_DIR,
  type BuildOptions,
  type BuildRequest,
  type BuiltArtifact,
} from './build-artifacts.ts';
export { zipDirectory, type ZipSummary } from './zip-directory.ts';
export type { ZipOptions } from './zip-files.ts';
export { walkDirectory, normaliseMode, type WalkedFile } from './directory-walk.ts';
export { zipInMemory, type InMemoryEntry } from './zip-in-memory.ts';
export { CACHEDIR_TAG_NAME, CACHEDIR_TAG_SIGNATURE } from './cache-dir-tag.ts';
export * from './workflows/index.ts';
