// How the console's browser files are built: one esbuild bundle of `src/app/main.ts` plus the
// page and its stylesheet, written to a folder the cloud serves. Plain JavaScript so that the
// CLI's bundle step (which runs before any TypeScript loader) can use it.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The browser app's sources. */
export const consoleAppDir = fileURLToPath(new URL('./src/app/', import.meta.url));

/** Files served as they are, beside the bundle `app.js`. */
export const consoleStaticFiles = ['index.html', 'console.css'];

/** Builds the console into `outDir` (app.js, index.html, console.css) with the given esbuild `build`. */
export async function buildConsoleInto(build, outDir) {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(consoleAppDir, 'main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  for (const file of consoleStaticFiles) await copyFile(join(consoleAppDir, file), join(outDir, file));
}
