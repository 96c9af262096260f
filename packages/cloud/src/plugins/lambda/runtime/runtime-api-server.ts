import { createServer, type AddressInfo, type Server } from 'node:net';
import { LAMBDA_INVOKE_PAYLOAD_BYTES } from '../../../protocols/body-limits.ts';
import { RuntimeConnection, type RuntimeRequest } from './runtime-http.ts';

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
  | { kind: 'response'; requestId: string; body: Buffer; peakMemoryKb?: number }
  | { kind: 'error'; requestId: string; body: Buffer; errorType: string | undefined; peakMemoryKb?: number }
  | { kind: 'init-error'; body: Buffer; errorType: string | undefined }
  | { kind: 'too-large'; requestId: string }
  | { kind: 'next' };

const PREFIX = '/2018-06-01/runtime';
const NEXT = `${PREFIX}/invocation/next`;
const INIT_ERROR = `${PREFIX}/init/error`;
/**
 * The runtime's peak resident memory in kB, which the cloud's own runtime clients send with each
 * answer (they read it from the kernel in-process): the cloud then need not read the runtime
 * process's `/proc/<pid>/status`, which costs more than the rest of logging an invoke.
 */
export const PEAK_MEMORY_HEADER = 'toolkit-peak-memory-kb';

const INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([A-Za-z0-9-]+)\/(response|error)$/;

/**
 * The Lambda Runtime API for one execution environment, on loopback: `/invocation/next`
 * is held open until an event is queued, and every answer the runtime posts is passed to
 * `onAnswer`. One environment runs one event at a time, as in Lambda. It speaks HTTP/1.1
 * through `RuntimeConnection`, which any runtime client can talk to.
 */
export class RuntimeApiServer {
  readonly #server: Server;
  readonly #connections = new Set<RuntimeConnection>();
  readonly #onAnswer: (answer: RuntimeAnswer) => void;
  #waiting: RuntimeConnection | undefined;
  #queued: RuntimeEvent | undefined;

  private constructor(onAnswer: (answer: RuntimeAnswer) => void) {
    this.#onAnswer = onAnswer;
    this.#server = createServer((socket) => {
      const connection = new RuntimeConnection(
        socket,
        (request, from) => this.#route(request, from),
        LAMBDA_INVOKE_PAYLOAD_BYTES,
      );
      this.#connections.add(connection);
      socket.once('close', () => {
        this.#connections.delete(connection);
        // A runtime that gave up waiting gets its event on the connection it asks from next.
        if (this.#waiting === connection) this.#waiting = undefined;
      });
    });
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
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting && !waiting.closed) sendEvent(waiting, event);
    else this.#queued = event;
  }

  /** Stops the server and drops its connections. */
  close(): void {
    for (const connection of this.#connections) connection.destroy();
    this.#connections.clear();
    this.#server.close();
  }

  #route(request: RuntimeRequest, connection: RuntimeConnection): void {
    const { method, url } = request;
    if (method === 'GET' && url === NEXT) {
      this.#onAnswer({ kind: 'next' });
      const event = this.#queued;
      this.#queued = undefined;
      if (event) sendEvent(connection, event);
      else this.#waiting = connection;
      return;
    }
    const match = method === 'POST' ? INVOCATION.exec(url) : null;
    const initError = method === 'POST' && url === INIT_ERROR;
    if (!match && !initError) {
      connection.respond(404, JSON_TYPE, NOT_FOUND);
      return;
    }
    const errorType = request.headers.get('lambda-runtime-function-error-type');
    const body = request.body;
    const peak = request.headers.get(PEAK_MEMORY_HEADER);
    const memory = peak !== undefined && /^\d{1,12}$/.test(peak) ? { peakMemoryKb: Number(peak) } : {};
    if (initError) this.#onAnswer({ kind: 'init-error', body: body ?? Buffer.alloc(0), errorType });
    else if (!body) this.#onAnswer({ kind: 'too-large', requestId: match![1]! });
    else if (match![2] === 'response') this.#onAnswer({ kind: 'response', requestId: match![1]!, body, ...memory });
    else this.#onAnswer({ kind: 'error', requestId: match![1]!, body, errorType, ...memory });
    // The invoke's caller is answered in this turn's microtasks; the acknowledgement only lets
    // the runtime ask for its next event, so it goes out after that answer, not before it.
    setImmediate(() => connection.respond(202, JSON_TYPE, ACCEPTED));
  }
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const ACCEPTED = Buffer.from('{"status":"OK"}');
const NOT_FOUND = Buffer.from('{"errorMessage":"Not found"}');

function sendEvent(connection: RuntimeConnection, event: RuntimeEvent): void {
  const now = Date.now();
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Aws-Request-Id': event.requestId,
    'Lambda-Runtime-Deadline-Ms': now + event.timeoutMs,
    'Lambda-Runtime-Invoked-Function-Arn': event.invokedFunctionArn,
    'Lambda-Runtime-Trace-Id': `Root=1-${Math.floor(now / 1000).toString(16)}-${event.requestId.replace(/-/g, '').slice(0, 24)};Sampled=0`,
  };
  if (event.clientContext) headers['Lambda-Runtime-Client-Context'] = event.clientContext;
  connection.respond(200, headers, event.payload);
}
