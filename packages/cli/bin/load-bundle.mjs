// Starts the CLI's CommonJS bundle from V8 code caches kept beside it. The bundle is split
// (see ensure-bundle.mjs): `main.cjs` holds argument parsing and the commands' options, and
// each action lives in chunks loaded when a command runs, so `toolkit --version` reads and
// compiles a tenth of what `toolkit package` does. Every chunk has its own code cache: parsing
// and compiling megabytes of JavaScript cost tens of ms of every start; with the cache V8 reads
// the compiled code instead. Node 20 offers no code cache for ES modules, hence CommonJS.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';

/** How the chunks name each other: esbuild's content-hashed names, always beside the entry. */
const CHUNK = /^\.\/chunk-[A-Za-z0-9_-]+\.cjs$/;

/**
 * Runs `file` (the bundle's entry) and returns its exports, with `saveCodeCache()` to call once
 * the run is over: it writes the cache of each chunk this run loaded that had none or whose
 * cache V8 rejected (a rebuilt bundle, another Node.js), so it then holds the functions this
 * run compiled too.
 */
export function loadBundle(file) {
  const loaded = new Map();
  const load = (path) => {
    const known = loaded.get(path);
    if (known) return known.module.exports;
    const chunk = compile(path);
    loaded.set(path, chunk);
    const nodeRequire = createRequire(path);
    const dir = dirname(path);
    const require = Object.assign((id) => (CHUNK.test(id) ? load(join(dir, id)) : nodeRequire(id)), {
      resolve: nodeRequire.resolve,
      cache: nodeRequire.cache,
    });
    // The bundle's own `import("./chunk-….cjs")`, rewritten at build time so that a chunk is
    // loaded once, here, with its cache, and never a second time by Node's module loader.
    const importChunk = (id) => Promise.resolve().then(() => load(join(dir, id)));
    chunk.script.runInThisContext()(chunk.module.exports, require, chunk.module, path, dir, importChunk);
    return chunk.module.exports;
  };
  const exports = load(file);
  return {
    exports,
    saveCodeCache() {
      for (const [path, chunk] of loaded)
        if (chunk.stale) writeAtomically(`${path}.cache`, chunk.script.createCachedData());
    },
  };
}

function compile(path) {
  const cachedData = readIfPresent(`${path}.cache`);
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, __toolkitImportChunk) {${readFileSync(path, 'utf8')}\n})`,
    {
      filename: path,
      ...(cachedData ? { cachedData } : {}),
      // The SDK imports a few Node.js built-ins on demand (e.g. node:http for instance metadata).
      importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    },
  );
  return { script, module: { exports: {} }, stale: cachedData === undefined || script.cachedDataRejected === true };
}

function readIfPresent(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function writeAtomically(path, data) {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch {
    // A cache that cannot be written (read-only install) only costs the next start its speed.
    rmSync(temp, { force: true });
  }
}
