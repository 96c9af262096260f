import type { BuildRequest, EsbuildApi } from '@toolkit/build';
import type { ArtifactBuildInfo } from '@toolkit/template';

/** How builds run: the tools' environment and, for `BuildMethod: esbuild`, esbuild when the project has none. */
export interface BuildToolOptions {
  /** Environment of npm, pip and make (PATH finds them); defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Loads esbuild when a template asks for it and the project has no esbuild of its own. */
  loadEsbuild?: () => Promise<EsbuildApi>;
}

/** The build request of one artifact: its source, and for a folder the runtime and Metadata its workflow comes from. */
export function buildRequestOf(
  id: string,
  source: BuildRequest['source'],
  build: ArtifactBuildInfo | undefined,
): BuildRequest {
  const logicalId = id.split('/').at(-1) ?? id;
  return { id, source, ...(build && source.kind === 'directory' ? { build: { logicalId, ...build } } : {}) };
}

/** The parts of {@link BuildToolOptions} that were given, for spreading into build options. */
export function buildToolSettings(options: BuildToolOptions): BuildToolOptions {
  return {
    ...(options.env ? { env: options.env } : {}),
    ...(options.loadEsbuild ? { loadEsbuild: options.loadEsbuild } : {}),
  };
}
