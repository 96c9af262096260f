#!/usr/bin/env node
import { availableParallelism } from 'node:os';
import { ensureBundle } from './ensure-bundle.mjs';
import { loadBundle } from './load-bundle.mjs';

// The SDK's notice about its future Node.js floor is noise in a CLI's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// File reads, writes and large-file deflate streams run on libuv's pool. One thread per
// core beats the default four on small machines, where extra threads only contend.
// It must be set before anything touches the pool.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(2, availableParallelism()));

const bundle = loadBundle(await ensureBundle());
process.exitCode = await bundle.exports.main(process.argv.slice(2));
bundle.saveCodeCache();
