// Imports the module named by argv[2], runs `buildTemplate` in the folder argv[3] when given, and
// prints the modules that loaded on the way (ES modules by their resolution, CommonJS by
// require.cache), leaving out whatever the TypeScript loader had loaded before.
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const [entry, buildIn] = process.argv.slice(2);
const { port1, port2 } = new MessageChannel();
const resolved = [];
port1.on('message', (url) => resolved.push(url));
register(new URL('./record-resolutions.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] });
const { cache } = createRequire(import.meta.url);
const before = new Set(Object.keys(cache));

const library = await import(entry);
if (buildIn) await library.buildTemplate({ cwd: buildIn });
// The hooks run on their own thread: one round trip flushes the messages still on the way.
await new Promise((resolveFlush) => setImmediate(resolveFlush));
const required = Object.keys(cache).filter((path) => !before.has(path));
port1.close();
process.stdout.write(JSON.stringify({ resolved, required }));
