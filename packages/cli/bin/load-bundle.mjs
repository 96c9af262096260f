// Starts the CLI's CommonJS bundle from a V8 code cache kept beside it. Parsing and
// compiling 2.5 MB of JavaScript cost ~50 ms of every start; with the cache V8 reads the
// compiled code instead. Node 20 offers no code cache for ES modules, hence CommonJS.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { constants, Script } from 'node:vm';

/**
 * Runs `file` (a CommonJS bundle) and returns its exports, with `saveCodeCache()` to call once
 * the run is over: it writes the cache when there was none or V8 rejected it (a rebuilt
 * bundle, another Node.js), so it then holds the functions this run compiled too.
 */
export function loadBundle(file) {
  const cacheFile = `${file}.cache`;
  const cachedData = readIfPresent(cacheFile);
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`,
    {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
      // The SDK imports a few Node.js built-ins on demand (e.g. node:http for instance metadata).
      importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    },
  );
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    saveCodeCache() {
      if (stale) writeAtomically(cacheFile, script.createCachedData());
    },
  };
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
