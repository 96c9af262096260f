// Running TypeScript through a loader costs ~0.6 s per start, most of it resolving and
// compiling hundreds of modules. The CLI instead runs one esbuild bundle of its
// sources, rebuilt here whenever any source is newer than it (a few ms to check).
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = dirname(dirname(fileURLToPath(import.meta.url)));
const packagesDir = dirname(cliDir);
const distDir = join(cliDir, 'dist');
const entryOut = join(distDir, 'main.mjs');

/** Path of an up-to-date bundle of the CLI, building it first when a source changed. */
export async function ensureBundle() {
  const built = await mtimeOf(entryOut);
  if (built !== undefined && !(await anySourceNewerThan(built))) return entryOut;
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
    absWorkingDir: cliDir,
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

async function anySourceNewerThan(time) {
  const packages = await readdir(packagesDir);
  const roots = packages.flatMap((name) => [join(packagesDir, name, 'src'), join(packagesDir, name, 'package.json')]);
  return (await Promise.all(roots.map((root) => newerWithin(root, time)))).some(Boolean);
}

async function newerWithin(path, time) {
  let info;
  try {
    info = await stat(path);
  } catch {
    return false;
  }
  if (!info.isDirectory()) return info.mtimeMs > time;
  const entries = await readdir(path);
  return (await Promise.all(entries.map((entry) => newerWithin(join(path, entry), time)))).some(Boolean);
}
