import type { Socket } from 'node:net';

/** One request a runtime sent, its body read whole (or dropped past the cap). */
export interface RuntimeRequest {
  method: string;
  /** The request target as sent (`/2018-06-01/runtime/invocation/next`). */
  url: string;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: ReadonlyMap<string, string>;
  /** Undefined when the body passed the cap (it was read and dropped). */
  body: Buffer | undefined;
}

/** What the connection's owner does with a request; it answers through `respond` (once). */
export type RuntimeRequestHandler = (request: RuntimeRequest, connection: RuntimeConnection) => void;

/** A request head larger than this is refused (431): runtimes send a few short headers. */
const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line longer than this is malformed (hex digits and extensions). */
const MAX_CHUNK_LINE = 1024;
const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const EMPTY = Buffer.alloc(0);
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

const REASONS: ReadonlyMap<number, string> = new Map([
  [200, 'OK'],
  [202, 'Accepted'],
  [400, 'Bad Request'],
  [404, 'Not Found'],
  [413, 'Payload Too Large'],
  [431, 'Request Header Fields Too Large'],
  [501, 'Not Implemented'],
]);

type Framing =
  | { kind: 'length'; remaining: number }
  | { kind: 'chunked'; state: 'size' | 'data' | 'data-end' | 'trailer'; remaining: number };

/**
 * HTTP/1.1 server framing for one Runtime API connection, on the socket itself: request heads,
 * `Content-Length` and chunked bodies, `Expect: 100-continue`, keep-alive and pipelined requests
 * (answered in order: the next request is read only after the current one is answered, as a held
 * `/invocation/next` must be). What node:http does per request (an IncomingMessage and a
 * ServerResponse, streams, header objects, timers) costs more than a warm invoke's whole hop
 * through the runtime, and a runtime needs none of it.
 */
export class RuntimeConnection {
  readonly #socket: Socket;
  readonly #onRequest: RuntimeRequestHandler;
  readonly #bodyCap: number;
  /** Bytes received and not yet parsed. */
  #buffered: Buffer = EMPTY;
  /** The request whose body is being read. */
  #reading:
    { method: string; url: string; headers: Map<string, string>; keepAlive: boolean; framing: Framing } | undefined;
  #bodyChunks: Buffer[] = [];
  #bodySize = 0;
  /** Set while a request waits for its answer: nothing more is parsed until it is given. */
  #answering: { keepAlive: boolean } | undefined;
  #closed = false;

  constructor(socket: Socket, onRequest: RuntimeRequestHandler, bodyCap: number) {
    this.#socket = socket;
    this.#onRequest = onRequest;
    this.#bodyCap = bodyCap;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
      // A runtime that keeps sending while its request waits (a held `/next`) is not read ahead without bound.
      if (this.#answering && this.#buffered.length > MAX_HEAD_BYTES + this.#bodyCap) socket.pause();
      this.#parse();
    });
    socket.on('error', () => this.destroy());
    socket.on('close', () => (this.#closed = true));
  }

  /** Whether the connection is gone (an answer given now would go nowhere). */
  get closed(): boolean {
    return this.#closed || this.#socket.destroyed;
  }

  /**
   * Answers the current request: one write of head and body. Afterwards the connection reads
   * its next request, or closes when the request asked to (`Connection: close`, HTTP/1.0).
   */
  respond(status: number, headers: Readonly<Record<string, string | number>>, body: Buffer): void {
    const answering = this.#answering;
    if (!answering || this.closed) return;
    this.#answering = undefined;
    let head = `HTTP/1.1 ${status} ${REASONS.get(status) ?? 'Unknown'}\r\nContent-Length: ${body.length}\r\n`;
    for (const name in headers) {
      const value = String(headers[name]);
      // As node:http refuses them: a CR or LF in a value would let it forge headers of its own.
      if (INVALID_VALUE.test(value)) throw new TypeError(`Invalid character in header content ["${name}"]`);
      head += `${name}: ${value}\r\n`;
    }
    if (!answering.keepAlive) head += 'Connection: close\r\n';
    head += '\r\n';
    const headBytes = Buffer.from(head, 'latin1');
    // One segment on the wire for the usual small answer; a large body is not copied.
    if (body.length <= 16 * 1024) this.#socket.write(body.length === 0 ? headBytes : Buffer.concat([headBytes, body]));
    else {
      this.#socket.cork();
      this.#socket.write(headBytes);
      this.#socket.write(body);
      this.#socket.uncork();
    }
    if (!answering.keepAlive) {
      this.#socket.end();
      this.#closed = true;
      return;
    }
    if (this.#socket.isPaused()) this.#socket.resume();
    if (this.#buffered.length > 0) this.#parse();
  }

  /** Drops the connection. */
  destroy(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #parse(): void {
    while (!this.#answering && !this.closed) {
      if (!this.#reading && !this.#readHead()) return;
      if (this.#reading && !this.#readBody()) return;
    }
  }

  /** Parses one request head; false when more bytes are needed (or the connection was refused). */
  #readHead(): boolean {
    // Empty lines before a request line are ignored (RFC 9112, 2.2), as after a body some clients send one.
    while (this.#buffered.length >= 2 && this.#buffered[0] === 13 && this.#buffered[1] === 10)
      this.#buffered = this.#buffered.subarray(2);
    const end = this.#buffered.indexOf(HEAD_END);
    if (end === -1) {
      if (this.#buffered.length > MAX_HEAD_BYTES) this.#refuse(431);
      return false;
    }
    if (end > MAX_HEAD_BYTES) {
      this.#refuse(431);
      return false;
    }
    const lines = this.#buffered.toString('latin1', 0, end).split('\r\n');
    this.#buffered = this.#buffered.subarray(end + 4);
    const requestLine = REQUEST_LINE.exec(lines[0] ?? '');
    if (!requestLine) {
      this.#refuse(400);
      return false;
    }
    const headers = new Map<string, string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      if (!HEADER_NAME.test(name)) {
        this.#refuse(400);
        return false;
      }
      const key = name.toLowerCase();
      const value = line.slice(colon + 1).trim();
      const earlier = headers.get(key);
      headers.set(key, earlier === undefined ? value : `${earlier}, ${value}`);
    }
    const framing = this.#framingOf(headers);
    if (!framing) return false;
    const connection = headers.get('connection')?.toLowerCase() ?? '';
    const http10 = requestLine[3] === '0';
    const keepAlive = http10 ? /\bkeep-alive\b/.test(connection) : !/\bclose\b/.test(connection);
    this.#reading = { method: requestLine[1]!, url: requestLine[2]!, headers, keepAlive, framing };
    this.#bodyChunks = [];
    this.#bodySize = 0;
    const hasBody = framing.kind === 'chunked' || framing.remaining > 0;
    if (hasBody && headers.get('expect')?.toLowerCase() === '100-continue' && !http10)
      this.#socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    return true;
  }

  /** How the body is framed; undefined (and the connection refused) when it cannot be read. */
  #framingOf(headers: ReadonlyMap<string, string>): Framing | undefined {
    const coding = headers.get('transfer-encoding');
    const length = headers.get('content-length');
    if (coding !== undefined) {
      // Both framings at once is the shape of request smuggling; another coding cannot be undone here.
      if (length !== undefined) return this.#refuse(400);
      if (coding.trim().toLowerCase() !== 'chunked') return this.#refuse(501);
      return { kind: 'chunked', state: 'size', remaining: 0 };
    }
    if (length === undefined) return { kind: 'length', remaining: 0 };
    // Repeated identical values (`5, 5`) are one length; anything else is malformed.
    const values = new Set(length.split(',').map((value) => value.trim()));
    const [only] = values;
    if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) return this.#refuse(400);
    return { kind: 'length', remaining: Number(only) };
  }

  /** Reads the current request's body; dispatches the request once it is whole. */
  #readBody(): boolean {
    const reading = this.#reading!;
    const framing = reading.framing;
    if (framing.kind === 'length') {
      const take = Math.min(framing.remaining, this.#buffered.length);
      if (take > 0) {
        this.#keep(this.#buffered.subarray(0, take));
        this.#buffered = this.#buffered.subarray(take);
        framing.remaining -= take;
      }
      if (framing.remaining > 0) return false;
    } else if (!this.#readChunks(framing)) return false;
    this.#reading = undefined;
    this.#answering = { keepAlive: reading.keepAlive };
    const capped = this.#bodySize > this.#bodyCap;
    const body = capped
      ? undefined
      : this.#bodyChunks.length === 1
        ? this.#bodyChunks[0]!
        : Buffer.concat(this.#bodyChunks, this.#bodySize);
    this.#bodyChunks = [];
    this.#onRequest({ method: reading.method, url: reading.url, headers: reading.headers, body }, this);
    return true;
  }

  /** Decodes chunked framing; true once the last chunk and the trailers are read. */
  #readChunks(framing: Extract<Framing, { kind: 'chunked' }>): boolean {
    for (;;) {
      if (framing.state === 'data') {
        const take = Math.min(framing.remaining, this.#buffered.length);
        this.#keep(this.#buffered.subarray(0, take));
        this.#buffered = this.#buffered.subarray(take);
        framing.remaining -= take;
        if (framing.remaining > 0) return false;
        framing.state = 'data-end';
        continue;
      }
      const end = this.#buffered.indexOf(CRLF);
      if (end === -1) {
        if (this.#buffered.length > MAX_CHUNK_LINE) this.#refuse(400);
        return false;
      }
      const line = this.#buffered.toString('latin1', 0, end);
      this.#buffered = this.#buffered.subarray(end + 2);
      if (framing.state === 'data-end') {
        if (line !== '') return this.#refuse(400) ?? false;
        framing.state = 'size';
      } else if (framing.state === 'size') {
        const size = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line);
        if (!size) return this.#refuse(400) ?? false;
        framing.remaining = parseInt(size[1]!, 16);
        framing.state = framing.remaining === 0 ? 'trailer' : 'data';
      } else if (line === '') return true;
    }
  }

  /** Keeps body bytes up to the cap; past it they are only counted. */
  #keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.#bodySize += bytes.length;
    if (this.#bodySize <= this.#bodyCap) this.#bodyChunks.push(bytes);
    else this.#bodyChunks = [];
  }

  /** Answers a request that cannot be read, then closes: the stream's framing is lost. */
  #refuse(status: number): undefined {
    this.#reading = undefined;
    this.#answering = { keepAlive: false };
    const body = Buffer.from(JSON.stringify({ errorMessage: REASONS.get(status) ?? 'Bad Request' }));
    this.respond(status, { 'Content-Type': 'application/json' }, body);
    this.#buffered = EMPTY;
    return undefined;
  }
}
