import type { BuildToolOptions } from '@toolkit/toolkit';
import type { CliEnvironment } from '../cli-environment.ts';

/** The module name, held in a variable so the CLI's bundle leaves esbuild to be found at run time. */
const ESBUILD_MODULE = 'esbuild';

/**
 * Build tool settings from the CLI's surroundings: its environment for npm, pip and make,
 * and the CLI's own esbuild for `BuildMethod: esbuild` projects without one (loaded only then).
 */
export function buildToolsFrom(environment: CliEnvironment): BuildToolOptions {
  return {
    env: environment.env,
    loadEsbuild: async () => {
      // An import by variable name is untyped; the declared type is what the build expects of esbuild.
      const esbuild: Awaited<ReturnType<NonNullable<BuildToolOptions['loadEsbuild']>>> = await import(ESBUILD_MODULE);
      return esbuild;
    },
  };
}
