import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { BuildToolOptions } from '@toolkit/toolkit';
import type { CliEnvironment } from '../cli-environment.ts';

/** The module name, held in a variable so the CLI's bundle leaves esbuild to be found at run time. */
const ESBUILD_MODULE = 'esbuild';

/**
 * Where to resolve the CLI's own dependencies from: this file, or in the CLI's CommonJS bundle
 * the bundle itself. A dynamic `import()` would not do: inside the bundle (run as a vm script)
 * it resolves bare names from the working directory, the user's project, not the CLI.
 */
function cliLocation(): string {
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}

/**
 * Build tool settings from the CLI's surroundings: its environment for npm, pip and make,
 * and the CLI's own esbuild for `BuildMethod: esbuild` projects without one (loaded only then).
 */
export function buildToolsFrom(environment: CliEnvironment): BuildToolOptions {
  return {
    env: environment.env,
    loadEsbuild: async () => {
      // A require by variable name is untyped; the declared type is what the build expects of esbuild.
      const esbuild: Awaited<ReturnType<NonNullable<BuildToolOptions['loadEsbuild']>>> =
        createRequire(cliLocation())(ESBUILD_MODULE);
      return esbuild;
    },
  };
}
