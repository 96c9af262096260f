// Running TypeScript through a loader costs ~0.6 s per start, most of it resolving and
// compiling hundreds of modules. The CLI instead runs one esbuild bundle of its
// sources, rebuilt here whenever any source is newer than it (a few ms to check).
// The bundle is a single CommonJS file so that V8 can start it from a code cache
// (see load-bundle.mjs); the build worker is an ES module bundle of its own.
import { readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = dirname(dirname(fileURLToPath(import.meta.url)));
const packagesDir = dirname(cliDir);
const distDir = join(cliDir, 'dist');
const entryOut = join(distDir, 'main.cjs');
const workerOut = 'build-worker.mjs';
const consoleOut = 'console';
const stringWidthShim = join(cliDir, 'bin', 'lazy-string-width.mjs');

/**
 * Gives every importer of `string-width` the shim, and the shim the real module as its
 * first importer (yargs) would resolve it.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(build) {
    let realFrom;
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      if (args.importer !== stringWidthShim) {
        realFrom ??= args.resolveDir;
        return { path: stringWidthShim };
      }
      return await build.resolve('string-width', { kind: args.kind, resolveDir: realFrom, pluginData: 'real' });
    });
  },
};

/** Path of an up-to-date bundle of the CLI, building it first when a source changed. */
export async function ensureBundle() {
  const built = await mtimeOf(entryOut);
  if (built !== undefined && !anySourceNewerThan(built)) return entryOut;
  return await buildBundle();
}

/** Builds the CLI's bundle and its build worker into `dist/`; returns the bundle's path. */
export async function buildBundle() {
  const { build } = await import('esbuild');
  const staging = join(distDir, `.staging-${process.pid}`);
  await mkdir(staging, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    outdir: staging,
    logLevel: 'error',
    minifyWhitespace: true,
    minifySyntax: true,
    absWorkingDir: cliDir,
  };
  await build({
    ...common,
    entryPoints: { main: join(cliDir, 'src', 'main.ts') },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // The native SQLite addon is loaded from node_modules as it is, and so is the CloudFormation
    // resource specification: a 2.6 MB database read beside its module, only by deploys that need it.
    external: ['better-sqlite3', '@aws-cdk/aws-service-spec'],
    // The one `import.meta.url` (where the build pool finds its worker) becomes this file's URL.
    define: { 'import.meta.url': '__toolkitModuleUrl' },
    banner: { js: "var __toolkitModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [lazyStringWidth],
  });
  // The build pool starts its worker as `build-worker.mjs` beside the bundle.
  await build({
    ...common,
    entryPoints: { 'build-worker': join(packagesDir, 'build', 'src', 'build-worker.ts') },
    format: 'esm',
    outExtension: { '.js': '.mjs' },
  });
  // The web console `toolkit local start` serves: browser files, built beside the bundle.
  const { buildConsoleInto } = await import('../../console/build-options.mjs');
  await buildConsoleInto(build, join(staging, consoleOut));
  await rm(join(distDir, consoleOut), { recursive: true, force: true });
  // Worker first, entry last: a concurrent run sees either the old bundle or the whole new one.
  for (const file of [workerOut, consoleOut, 'main.cjs']) await rename(join(staging, file), join(distDir, file));
  await rm(staging, { recursive: true, force: true });
  // Files of earlier layouts (ES module chunks named by content hash, a stale code cache)
  // are unused now, as are staging folders that interrupted builds left over a minute ago.
  for (const file of await readdir(distDir)) {
    const path = join(distDir, file);
    const leftOver = file.startsWith('.staging-') && Date.now() - ((await mtimeOf(path)) ?? Date.now()) > 60_000;
    if (leftOver || (file !== workerOut && file !== consoleOut && file !== 'main.cjs' && !file.startsWith('.')))
      await rm(path, { recursive: true, force: true });
  }
  return entryOut;
}

async function mtimeOf(path) {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

// Synchronous on purpose: a few hundred stats, each a promise, took longer than the checks.
function anySourceNewerThan(time) {
  const roots = readdirSync(packagesDir).flatMap((name) => [
    join(packagesDir, name, 'src'),
    join(packagesDir, name, 'package.json'),
  ]);
  return roots.some((root) => newerWithin(root, time)) || newerWithin(stringWidthShim, time);
}

function newerWithin(path, time) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) return false;
  if (!info.isDirectory()) return info.mtimeMs > time;
  return readdirSync(path).some((entry) => newerWithin(join(path, entry), time));
}
