// Running TypeScript through a loader costs ~0.6 s per start, most of it resolving and
// compiling hundreds of modules. The CLI instead runs one esbuild bundle of its
// sources, rebuilt here whenever any source is newer than it (a few ms to check).
import { readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = dirname(dirname(fileURLToPath(import.meta.url)));
const packagesDir = dirname(cliDir);
const distDir = join(cliDir, 'dist');
const entryOut = join(distDir, 'main.mjs');
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
  const { build } = await import('esbuild');
  const staging = join(distDir, `.staging-${process.pid}`);
  await mkdir(staging, { recursive: true });
  await build({
    // The build worker is an entry of its own: the build pool starts it as `build-worker.mjs` beside the chunks.
    entryPoints: { main: join(cliDir, 'src', 'main.ts'), 'build-worker': join(packagesDir, 'build', 'src', 'build-worker.ts') },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    // The native SQLite addon is loaded from node_modules as it is.
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __toolkitRequire } from 'node:module'; const require = __toolkitRequire(import.meta.url);" },
    logLevel: 'error',
    minifyWhitespace: true,
    minifySyntax: true,
    absWorkingDir: cliDir,
    plugins: [lazyStringWidth],
  });
  // Chunks first, entry last: a concurrent run sees either the old bundle or the whole new one.
  const files = (await readdir(staging)).sort((a, b) => (a === 'main.mjs') - (b === 'main.mjs'));
  for (const file of files) await rename(join(staging, file), join(distDir, file));
  await rm(staging, { recursive: true, force: true });
  // Chunks of earlier builds are named by their old content hashes; nothing imports them now.
  const current = new Set(files);
  for (const file of await readdir(distDir)) {
    if (file.endsWith('.mjs') && !current.has(file)) await rm(join(distDir, file), { force: true });
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
  const roots = readdirSync(packagesDir).flatMap((name) => [join(packagesDir, name, 'src'), join(packagesDir, name, 'package.json')]);
  return roots.some((root) => newerWithin(root, time)) || newerWithin(stringWidthShim, time);
}

function newerWithin(path, time) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) return false;
  if (!info.isDirectory()) return info.mtimeMs > time;
  return readdirSync(path).some((entry) => newerWithin(join(path, entry), time));
}
