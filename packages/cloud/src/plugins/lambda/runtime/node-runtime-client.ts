/**
 * The runtime interface client for `nodejs*` runtimes, run with the machine's `node`: it
 * speaks the Lambda Runtime API as AWS's client does — resolves `_HANDLER` as Lambda does
 * (`dir/file.export.path`, `.js`/`.mjs`/`.cjs`, ES modules and CommonJS), builds the `context`,
 * supports async and callback handlers, reports init and handler errors in Lambda's shape.
 * Kept as source text (not a file beside this one) so it survives bundling; written to disk at start.
 *
 * Before each answer it writes an end marker (RS, request id, LF) to stdout; stdout is a pipe,
 * which Node writes synchronously on Linux, so the cloud has every log line of the invoke once
 * it sees the marker. Each answer carries the process's peak memory (`Toolkit-Peak-Memory-Kb`)
 * for the invoke's REPORT line.
 */
export const NODE_RUNTIME_CLIENT = String.raw`
import net from 'node:net';
import Module, { register } from 'node:module';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

// Layers are extracted apart, each standing for /opt (later layers first, as they override):
// imports and requires of /opt/... are resolved against them.
const optRoots = process.argv.slice(2);
function optPath(path) {
  for (const root of optRoots) {
    const candidate = root + path.slice(4);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
if (optRoots.length > 0) {
  const hooks = [
    "import { existsSync } from 'node:fs';",
    "import { fileURLToPath, pathToFileURL } from 'node:url';",
    'let roots = [];',
    'export function initialize(data) { roots = data; }',
    'export async function resolve(specifier, context, next) {',
    "  const path = specifier.startsWith('/opt/') ? specifier : specifier.startsWith('file:///opt/') ? fileURLToPath(specifier) : undefined;",
    '  if (path) for (const root of roots) { const c = root + path.slice(4); if (existsSync(c)) return next(pathToFileURL(c).href, context); }',
    '  return next(specifier, context);',
    '}',
  ].join('\n');
  register('data:text/javascript,' + encodeURIComponent(hooks), { data: optRoots });
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    const mapped = typeof request === 'string' && request.startsWith('/opt/') ? optPath(request) : undefined;
    return resolveFilename.call(this, mapped ?? request, ...rest);
  };
}

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const base = '/2018-06-01/runtime';
let requestId;

// The Runtime API is called over one kept-alive connection with a small HTTP/1.1 client of its
// own: node:http's request machinery (agent, ClientRequest, IncomingMessage streams) cost more
// than the rest of a warm invoke's hop through this process.
let socket;
// What arrived and is not yet taken: chunks kept apart (a large event comes in many), joined once whole.
let chunks = [];
let size = 0;
let head;
let pending;

function connection() {
  if (socket && !socket.destroyed) return socket;
  chunks = [];
  size = 0;
  head = undefined;
  const opened = net.connect(Number(port), host);
  opened.setNoDelay(true);
  opened.on('data', (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
    if (pending) takeResponse();
  });
  const lost = (error) => {
    const waiting = pending;
    pending = undefined;
    waiting?.reject(error ?? new Error('the Runtime API closed the connection'));
  };
  opened.on('error', lost);
  opened.on('close', () => lost());
  socket = opened;
  return opened;
}

function joined() {
  if (chunks.length > 1) chunks = [Buffer.concat(chunks, size)];
  return chunks[0] ?? Buffer.alloc(0);
}

/** Resolves the pending call once a whole response (its head and Content-Length bytes) has arrived. */
function takeResponse() {
  const waiting = pending;
  if (!head) {
    const received = joined();
    const end = received.indexOf('\r\n\r\n');
    if (end === -1) return;
    const lines = received.toString('latin1', 0, end).split('\r\n');
    const headers = Object.create(null);
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    // The cloud's Runtime API declares every body's length (it never chunks).
    if (headers['content-length'] === undefined) {
      pending = undefined;
      socket.destroy();
      waiting.reject(new Error('the Runtime API answered without a Content-Length'));
      return;
    }
    head = { status: Number(lines[0].split(' ')[1]), headers, start: end + 4, length: Number(headers['content-length']) };
  }
  const whole = head.start + head.length;
  if (size < whole) return;
  const received = joined();
  const { status, headers, start } = head;
  const rest = received.subarray(whole);
  chunks = rest.length > 0 ? [rest] : [];
  size = rest.length;
  head = undefined;
  pending = undefined;
  waiting.resolve({ status, headers, body: received.subarray(start, whole) });
}

/** Header values go out on one line: control characters (a CR/LF could forge headers) are dropped. */
function headerValue(value) {
  return String(value).replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
}

function call(method, path, body, headers) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    let head = method + ' ' + base + path + ' HTTP/1.1\r\nHost: ' + host + ':' + port + '\r\n';
    for (const [name, value] of Object.entries(headers ?? {})) head += name + ': ' + headerValue(value) + '\r\n';
    head += 'Content-Length: ' + (payload ? payload.length : 0) + '\r\n\r\n';
    const open = connection();
    pending = { resolve, reject };
    // Head and body in one write: one segment on the wire.
    open.write(payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : Buffer.from(head, 'latin1'));
  });
}

function errorBody(error, fallbackType) {
  const e = error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error));
  const type = error instanceof Error ? (fallbackType ?? e.name ?? 'Error') : (fallbackType ?? 'Error');
  return JSON.stringify({ errorType: type, errorMessage: e.message, trace: String(e.stack ?? '').split('\n') });
}

function marker() {
  process.stdout.write('\u001e' + (requestId ?? 'init') + '\n');
}

async function postError(path, error, type) {
  const body = errorBody(error, type);
  const parsed = JSON.parse(body);
  console.error('Invoke Error \t' + body);
  marker();
  await call('POST', path, body, { 'content-type': 'application/json', 'lambda-runtime-function-error-type': parsed.errorType, 'toolkit-peak-memory-kb': process.resourceUsage().maxRSS });
}

for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  const label = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' }[level];
  console[level] = (...args) => {
    const text = format(...args).replace(/\n/g, '\r');
    process.stdout.write(new Date().toISOString() + '\t' + (requestId ?? 'undefined') + '\t' + label + '\t' + text + '\n');
  };
}

class ClientError extends Error {
  constructor(name, message) { super(message); this.name = name; }
}

async function loadHandler() {
  const root = process.env.LAMBDA_TASK_ROOT;
  const spec = process.env._HANDLER ?? '';
  const slash = spec.lastIndexOf('/');
  const dir = spec.slice(0, slash + 1);
  const match = /^([^.]*)\.(.*)$/.exec(spec.slice(slash + 1));
  if (!match || match[1] === '' || match[2] === '') throw new ClientError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, path] = match;
  const candidates = ['.js', '.mjs', '.cjs'].map((ext) => root + '/' + dir + moduleName + ext);
  const file = candidates.find((c) => existsSync(c));
  if (!file) throw new ClientError('Runtime.ImportModuleError', "Error: Cannot find module '" + dir + moduleName + "'");
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError) throw new ClientError('Runtime.UserCodeSyntaxError', String(error));
    throw error;
  }
  let fn = mod;
  for (const part of path.split('.')) fn = fn == null ? undefined : (Object.hasOwn(fn, part) ? fn[part] : (fn.default != null && Object.hasOwn(fn.default, part) ? fn.default[part] : undefined));
  if (typeof fn !== 'function') throw new ClientError('Runtime.HandlerNotFound', moduleName + '.' + path + ' is undefined or not exported');
  return fn;
}

function contextOf(headers, done) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const clientContext = headers['lambda-runtime-client-context'];
  const identity = headers['lambda-runtime-cognito-identity'];
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: clientContext ? JSON.parse(clientContext) : undefined,
    identity: identity ? JSON.parse(identity) : undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    succeed: (value) => done(undefined, value),
    fail: (error) => done(error ?? 'handled'),
    done: (error, value) => done(error, value),
  };
}

function runHandler(handler, event, headers) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (error, value) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(value);
    };
    const context = contextOf(headers, done);
    try {
      const result = handler.length >= 3 ? handler(event, context, done) : handler(event, context);
      if (result && typeof result.then === 'function') result.then((value) => done(undefined, value), (error) => done(error ?? 'rejected'));
      else if (handler.length < 3) done(undefined, result);
    } catch (error) {
      done(error);
    }
  });
}

process.on('uncaughtException', async (error) => {
  await postError(requestId ? '/invocation/' + requestId + '/error' : '/init/error', error, requestId ? 'Runtime.UncaughtException' : undefined).catch(() => {});
  process.exit(129);
});
process.on('unhandledRejection', async (reason) => {
  const error = reason instanceof Error ? reason : new Error(String(reason));
  await postError(requestId ? '/invocation/' + requestId + '/error' : '/init/error', error, 'Runtime.UnhandledPromiseRejection').catch(() => {});
  process.exit(128);
});

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  await postError('/init/error', error, error instanceof ClientError ? error.name : undefined);
  process.exit(1);
}
for (;;) {
  const next = await call('GET', '/invocation/next');
  requestId = next.headers['lambda-runtime-aws-request-id'];
  let event;
  try {
    event = JSON.parse(next.body.toString('utf8'));
  } catch {
    event = next.body.toString('utf8');
  }
  try {
    const result = await runHandler(handler, event, next.headers);
    const body = result === undefined ? 'null' : JSON.stringify(result);
    marker();
    await call('POST', '/invocation/' + requestId + '/response', body ?? 'null', { 'content-type': 'application/json', 'toolkit-peak-memory-kb': process.resourceUsage().maxRSS });
  } catch (error) {
    await postError('/invocation/' + requestId + '/error', error);
  }
}
`;
