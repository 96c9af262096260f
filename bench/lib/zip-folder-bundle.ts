import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './toolkit-command.ts';

/**
 * Bundles `bin/zip-folder.ts` with its build-worker entry, as the CLI ships the zip builder.
 * Run through a TypeScript loader instead, B4 would time the loader's start-up and the
 * worker's own loader bootstrap (~0.3 s) on top of zipping.
 */
export async function bundleZipFolder(outDir: string): Promise<string> {
  await build({
    entryPoints: {
      'zip-folder': join(repoRoot, 'bench', 'bin', 'zip-folder.ts'),
      'build-worker': join(repoRoot, 'packages', 'build', 'src', 'build-worker.ts'),
    },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
  return join(outDir, 'zip-folder.mjs');
}
