import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LAMBDA_INVOKE_PAYLOAD_BYTES } from '../../../protocols/body-limits.ts';

/** One event handed to the runtime through `/invocation/next`. */
export interface RuntimeEvent {
  requestId: string;
  payload: Buffer;
  /** The invoke's timeout; the deadline is counted from when the runtime receives the event. */
  timeoutMs: number;
  invokedFunctionArn: string;
  clientContext?: string;
}

/** What the runtime did: asked for an event, posted a result, a function error or an init error. */
export type RuntimeAnswer =
  | { kind: 'response'; requestId: string; body: Buffer }
  | { kind: 'error'; requestId: string; body: Buffer; errorType: string | undefined }
  | { kind: 'init-error'; body: Buffer; errorType: string | undefined }
  | { kind: 'too-large'; requestId: string }
  | { kind: 'next' };

const PREFIX = '/2018-06-01/runtime';
const NEXT = `${PREFIX}/invocation/next`;
const INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([A-Za-z0-9-]+)\/(response|error)$/;

/**
 * The Lambda Runtime API for one execution environment, on loopback: `/invocation/next`
 * is held open until an event is queued, and every answer the runtime posts is passed to
 * `onAnswer`. One environment runs one event at a time, as in Lambda.
 */
export class RuntimeApiServer {
  readonly #server: Server;
  readonly #onAnswer: (answer: RuntimeAnswer) => void;
  #waiting: ServerResponse | undefined;
  #queued: RuntimeEvent | undefined;

  private constructor(onAnswer: (answer: RuntimeAnswer) => void) {
    this.#onAnswer = onAnswer;
    this.#server = createServer((request, response) => this.#route(request, response));
    this.#server.keepAliveTimeout = 0;
  }

  /** Starts a server on an ephemeral loopback port. */
  static async start(onAnswer: (answer: RuntimeAnswer) => void): Promise<RuntimeApiServer> {
    const api = new RuntimeApiServer(onAnswer);
    await new Promise<void>((resolve, reject) => {
      api.#server.once('error', reject);
      api.#server.listen(0, '127.0.0.1', () => resolve());
    });
    return api;
  }

  /** `host:port`, as `AWS_LAMBDA_RUNTIME_API` carries it. */
  get address(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** Hands `event` to the runtime now if it is waiting in `/next`, else when it next asks. */
  deliver(event: RuntimeEvent): void {
    if (this.#waiting) {
      const response = this.#waiting;
      this.#waiting = undefined;
      sendEvent(response, event);
    } else this.#queued = event;
  }

  /** Stops the server and drops its connections. */
  close(): void {
    this.#server.closeAllConnections();
    this.#server.close();
  }

  #route(request: IncomingMessage, response: ServerResponse): void {
    const url = request.url ?? '';
    if (request.method === 'GET' && url === NEXT) {
      this.#onAnswer({ kind: 'next' });
      const event = this.#queued;
      this.#queued = undefined;
      if (event) sendEvent(response, event);
      else this.#waiting = response;
      return;
    }
    const match = request.method === 'POST' ? INVOCATION.exec(url) : null;
    const initError = request.method === 'POST' && url === `${PREFIX}/init/error`;
    if (!match && !initError) {
      response.writeHead(404, NOT_FOUND_HEADERS).end(NOT_FOUND);
      return;
    }
    const errorType = request.headers['lambda-runtime-function-error-type'];
    readCapped(request, LAMBDA_INVOKE_PAYLOAD_BYTES).then(
      (body) => {
        const type = typeof errorType === 'string' ? errorType : undefined;
        if (initError) this.#onAnswer({ kind: 'init-error', body: body ?? Buffer.alloc(0), errorType: type });
        else if (!body) this.#onAnswer({ kind: 'too-large', requestId: match![1]! });
        else if (match![2] === 'response') this.#onAnswer({ kind: 'response', requestId: match![1]!, body });
        else this.#onAnswer({ kind: 'error', requestId: match![1]!, body, errorType: type });
        // The invoke's caller is answered in this turn's microtasks; the acknowledgement only lets
        // the runtime ask for its next event, so it goes out after that answer, not before it.
        setImmediate(() => response.writeHead(202, ACCEPTED_HEADERS).end(ACCEPTED));
      },
      () => response.destroy(),
    );
  }
}

const ACCEPTED = Buffer.from('{"status":"OK"}');
const ACCEPTED_HEADERS = { 'content-type': 'application/json', 'content-length': ACCEPTED.length };
const NOT_FOUND = Buffer.from('{"errorMessage":"Not found"}');
const NOT_FOUND_HEADERS = { 'content-type': 'application/json', 'content-length': NOT_FOUND.length };

function sendEvent(response: ServerResponse, event: RuntimeEvent): void {
  const now = Date.now();
  // A declared length spares both sides chunked framing (Node chunks a body given after writeHead).
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': event.payload.length,
    'Lambda-Runtime-Aws-Request-Id': event.requestId,
    'Lambda-Runtime-Deadline-Ms': now + event.timeoutMs,
    'Lambda-Runtime-Invoked-Function-Arn': event.invokedFunctionArn,
    'Lambda-Runtime-Trace-Id': `Root=1-${Math.floor(now / 1000).toString(16)}-${event.requestId.replace(/-/g, '').slice(0, 24)};Sampled=0`,
  };
  if (event.clientContext) headers['Lambda-Runtime-Client-Context'] = event.clientContext;
  response.writeHead(200, headers).end(event.payload);
}

/** The body, or undefined when it passes `limit` (the rest is read and dropped). */
function readCapped(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.once('end', () =>
      resolve(size > limit ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)),
    );
    request.once('error', reject);
    request.once('aborted', () => reject(new Error('the runtime closed its request')));
  });
}
