// Running TypeScript through a loader costs ~0.6 s per start, most of it resolving and
// compiling hundreds of modules. The CLI instead runs an esbuild bundle of its
// sources, rebuilt here whenever any source is newer than it (a few ms to check).
// The bundle is split where the commands import their actions, so a start reads only what
// its command runs; its files are CommonJS so that V8 can start each from a code cache
// (see load-bundle.mjs). The build worker is an ES module bundle of its own.
import { readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = dirname(dirname(fileURLToPath(import.meta.url)));
const packagesDir = dirname(cliDir);
const distDir = join(cliDir, 'dist');
const entryOut = join(distDir, 'main.cjs');
/** The chunks of the latest build, one name a line. */
const chunkList = join(distDir, '.chunks');
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

/**
 * Builds the CLI's bundle and its build worker into `dist/`; returns the bundle's path.
 * `keepPrevious: false` (packing) leaves no chunk of an earlier build behind.
 */
export async function buildBundle({ keepPrevious = true } = {}) {
  const { build, transform } = await import('esbuild');
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
  // esbuild splits code only in ES module output: the chunks are built as ES modules, then each
  // is turned into CommonJS on its own (imports of other chunks become requires).
  const split = await build({
    ...common,
    entryPoints: { main: join(cliDir, 'src', 'main.ts') },
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.cjs' },
    write: false,
    // The native SQLite addon is loaded from node_modules as it is, and so is the CloudFormation
    // resource specification: a 2.6 MB database read beside its module, only by deploys that need it.
    external: ['better-sqlite3', '@aws-cdk/aws-service-spec'],
    // The one `import.meta.url` (where the build pool finds its worker) becomes this file's URL.
    define: { 'import.meta.url': '__toolkitModuleUrl' },
    banner: { js: "var __toolkitModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [lazyStringWidth],
  });
  const chunkFiles = [];
  for (const file of split.outputFiles) {
    const commonJs = await transform(loadChunksThroughLoader(file.text), {
      format: 'cjs',
      target: 'node20',
      minifyWhitespace: true,
    });
    await writeFile(file.path, commonJs.code);
    if (basename(file.path) !== 'main.cjs') chunkFiles.push(basename(file.path));
  }
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
  // Worker and chunks first, entry last: a concurrent run sees either the old bundle or the
  // whole new one (chunks are named by their content, so the new ones replace none of the old).
  const built = [workerOut, consoleOut, ...chunkFiles, 'main.cjs'];
  for (const file of built) await rename(join(staging, file), join(distDir, file));
  await rm(staging, { recursive: true, force: true });
  // A run started before this build loads its chunks as its commands need them (a long
  // `toolkit local start` too): the previous build's chunks stay until the next build.
  const listed = keepPrevious ? await readFile(chunkList, 'utf8').catch(() => '') : '';
  const previous = listed.split('\n').filter(Boolean);
  await writeFile(chunkList, chunkFiles.join('\n'));
  // A chunk's name is its content's hash, so its code cache stays valid; the entry's does not.
  const kept = new Set([...built, ...previous, ...[...chunkFiles, ...previous].map((file) => `${file}.cache`)]);
  // Files of older builds and layouts are unused now, as are staging folders that interrupted
  // builds left over a minute ago.
  for (const file of await readdir(distDir)) {
    const path = join(distDir, file);
    const leftOver = file.startsWith('.staging-') && Date.now() - ((await mtimeOf(path)) ?? Date.now()) > 60_000;
    if (leftOver || (!kept.has(file) && !file.startsWith('.'))) await rm(path, { recursive: true, force: true });
  }
  return entryOut;
}

/**
 * Points the bundle's `import("./chunk-….cjs")` at the loader's `__toolkitImportChunk`, so that
 * a chunk is loaded once, with its code cache, by the loader (load-bundle.mjs) and not a second
 * time by Node's own module loader. Other dynamic imports (Node.js built-ins, a function's
 * handler) are left to Node.
 */
function loadChunksThroughLoader(code) {
  return code.replace(/\bimport\((["'])(\.\/chunk-[A-Za-z0-9_-]+\.cjs)\1\)/g, '__toolkitImportChunk($1$2$1)');
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
  return newerInFolder(path, time);
}

// A folder's listing already says which entries are folders: only files and links need a stat.
function newerInFolder(dir, time) {
  return readdirSync(dir, { withFileTypes: true }).some((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? newerInFolder(path, time) : newerWithin(path, time);
  });
}
