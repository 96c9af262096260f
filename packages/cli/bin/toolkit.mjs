#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './load-bundle.mjs';

// The SDK's notice about its future Node.js floor is noise in a CLI's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// File reads, writes and large-file deflate streams run on libuv's pool. One thread per
// core beats the default four on small machines, where extra threads only contend.
// It must be set before anything touches the pool.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(2, availableParallelism()));

// A clone runs the sources' bundle, rebuilt when a source changed; a packed install ships
// no sources, only the bundle built when it was packed (see build-bundle.mjs).
const fromClone = existsSync(new URL('../src', import.meta.url));
const entry = fromClone
  ? await (await import('./ensure-bundle.mjs')).ensureBundle()
  : fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const bundle = loadBundle(entry);
process.exitCode = await bundle.exports.main(process.argv.slice(2));
bundle.saveCodeCache();
