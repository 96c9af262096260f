import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeApiServer, type RuntimeAnswer } from '../src/plugins/lambda/runtime/runtime-api-server.ts';

/** One keep-alive connection to a Runtime API, read as raw bytes (what any runtime's HTTP client sees). */
class RawConnection {
  readonly #socket: Socket;
  #received = '';
  #waiters: (() => void)[] = [];

  constructor(address: string) {
    const [host, port] = address.split(':');
    this.#socket = connect(Number(port), host);
    this.#socket.setEncoding('latin1');
    this.#socket.on('data', (text: string) => {
      this.#received += text;
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  send(text: string): void {
    this.#socket.write(text);
  }

  /** The next whole response (head and the body its Content-Length announces). */
  async response(): Promise<{ head: string; body: string }> {
    for (;;) {
      const end = this.#received.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(this.#received.slice(0, end));
      if (end !== -1 && length && this.#received.length >= end + 4 + Number(length[1])) {
        const head = this.#received.slice(0, end);
        const body = this.#received.slice(end + 4, end + 4 + Number(length[1]));
        this.#received = this.#received.slice(end + 4 + body.length);
        return { head, body };
      }
      if (end !== -1 && !length) {
        const head = this.#received.slice(0, end);
        this.#received = this.#received.slice(end + 4);
        return { head, body: '' };
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}

describe('the Runtime API on the wire', () => {
  let api: RuntimeApiServer | undefined;
  let connection: RawConnection | undefined;
  afterEach(() => {
    connection?.close();
    api?.close();
  });

  it('frames events and acknowledgements with Content-Length, not chunks, and passes each answer on', async () => {
    const answers: RuntimeAnswer[] = [];
    api = await RuntimeApiServer.start((answer) => answers.push(answer));
    connection = new RawConnection(api.address);
    const payload = Buffer.from('{"n":"é"}');
    for (const requestId of ['a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002']) {
      connection.send('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: runtime\r\n\r\n');
      await expect.poll(() => answers.filter((answer) => answer.kind === 'next').length).toBeGreaterThan(0);
      api.deliver({ requestId, payload, timeoutMs: 3000, invokedFunctionArn: 'arn:aws:lambda:us-east-1:1:function:f' });
      const event = await connection.response();
      expect(event.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(event.head).toMatch(new RegExp(`\\r\\nContent-Length: ${payload.length}\\r\\n`, 'i'));
      expect(event.head).not.toMatch(/transfer-encoding/i);
      expect(event.head).toMatch(new RegExp(`\\r\\nLambda-Runtime-Aws-Request-Id: ${requestId}\\r\\n`, 'i'));
      expect(Buffer.from(event.body, 'latin1').equals(payload)).toBe(true);

      const result = `{"ok":"${requestId}"}`;
      connection.send(
        `POST /2018-06-01/runtime/invocation/${requestId}/response HTTP/1.1\r\nHost: runtime\r\nContent-Type: application/json\r\nContent-Length: ${result.length}\r\n\r\n${result}`,
      );
      const ack = await connection.response();
      expect(ack.head).toMatch(/^HTTP\/1\.1 202 Accepted\r\n/);
      expect(ack.head).toMatch(/\r\ncontent-length: 15\r\n/i);
      expect(ack.head).not.toMatch(/transfer-encoding/i);
      expect(ack.body).toBe('{"status":"OK"}');
      const answer = answers.at(-1);
      expect(answer).toMatchObject({ kind: 'response', requestId });
      expect(answer?.kind === 'response' && answer.body.toString()).toBe(result);
    }
  });
});

describe('the Runtime API speaks HTTP/1.1 to any runtime client', () => {
  let api: RuntimeApiServer | undefined;
  const connections: RawConnection[] = [];
  const open = () => {
    const connection = new RawConnection(api!.address);
    connections.push(connection);
    return connection;
  };
  afterEach(() => {
    for (const connection of connections.splice(0)) connection.close();
    api?.close();
  });
  const id = 'a1b2c3d4-0000-4000-8000-00000000000a';
  const event = { requestId: id, payload: Buffer.from('{}'), timeoutMs: 3000, invokedFunctionArn: 'arn:f' };

  it('reads chunked bodies, chunk extensions and trailers included', async () => {
    const answers: RuntimeAnswer[] = [];
    api = await RuntimeApiServer.start((answer) => answers.push(answer));
    const connection = open();
    connection.send(
      `POST /2018-06-01/runtime/invocation/${id}/response HTTP/1.1\r\nHost: r\r\nTransfer-Encoding: chunked\r\n\r\n` +
        '4;ext=1\r\n{"a"\r\n5\r\n:"b"}\r\n0\r\nX-Trailer: t\r\n\r\n',
    );
    expect((await connection.response()).head).toMatch(/^HTTP\/1\.1 202 Accepted\r\n/);
    expect(answers).toEqual([{ kind: 'response', requestId: id, body: Buffer.from('{"a":"b"}') }]);
  });

  it('answers Expect: 100-continue before the body is sent', async () => {
    const answers: RuntimeAnswer[] = [];
    api = await RuntimeApiServer.start((answer) => answers.push(answer));
    const connection = open();
    connection.send(
      `POST /2018-06-01/runtime/invocation/${id}/error HTTP/1.1\r\nHost: r\r\nExpect: 100-continue\r\n` +
        'Lambda-Runtime-Function-Error-Type: Oops\r\nContent-Length: 2\r\n\r\n',
    );
    expect((await connection.response()).head).toBe('HTTP/1.1 100 Continue');
    connection.send('{}');
    expect((await connection.response()).head).toMatch(/^HTTP\/1\.1 202 Accepted\r\n/);
    expect(answers).toEqual([{ kind: 'error', requestId: id, body: Buffer.from('{}'), errorType: 'Oops' }]);
  });

  it('answers pipelined requests in order, the held /next last', async () => {
    const answers: RuntimeAnswer[] = [];
    api = await RuntimeApiServer.start((answer) => answers.push(answer));
    const connection = open();
    connection.send(
      'GET /2018-06-01/runtime/nope HTTP/1.1\r\nHost: r\r\n\r\n' +
        'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: r\r\n\r\n',
    );
    expect((await connection.response()).head).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    await expect.poll(() => answers.length).toBe(1);
    api.deliver(event);
    const delivered = await connection.response();
    expect(delivered.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(delivered.head).toContain(`Lambda-Runtime-Aws-Request-Id: ${id}`);
  });

  it('keeps an event for the next connection when the waiting one went away', async () => {
    const answers: RuntimeAnswer[] = [];
    api = await RuntimeApiServer.start((answer) => answers.push(answer));
    const first = open();
    first.send('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: r\r\n\r\n');
    await expect.poll(() => answers.length).toBe(1);
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    api.deliver(event);
    const second = open();
    second.send('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: r\r\n\r\n');
    expect((await second.response()).head).toContain(`Lambda-Runtime-Aws-Request-Id: ${id}`);
  });

  it('reports a body over the payload limit as too large, read and dropped', async () => {
    const answers: RuntimeAnswer[] = [];
    api = await RuntimeApiServer.start((answer) => answers.push(answer));
    const connection = open();
    const size = 6 * 1024 * 1024 + 1;
    connection.send(
      `POST /2018-06-01/runtime/invocation/${id}/response HTTP/1.1\r\nHost: r\r\nContent-Length: ${size}\r\n\r\n`,
    );
    connection.send('x'.repeat(size));
    expect((await connection.response()).head).toMatch(/^HTTP\/1\.1 202 Accepted\r\n/);
    expect(answers).toEqual([{ kind: 'too-large', requestId: id }]);
  });

  it.each([
    ['a malformed request line', 'BAD\r\n\r\n', 400],
    ['a header without a name', 'GET /x HTTP/1.1\r\n: v\r\n\r\n', 400],
    ['both framings', 'POST /x HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n', 400],
    ['conflicting lengths', 'POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', 400],
    ['an unknown transfer coding', 'POST /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', 501],
    ['a bad chunk size', 'POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
    ['an oversized head', `GET /x HTTP/1.1\r\nX-Big: ${'b'.repeat(70_000)}\r\n\r\n`, 431],
  ])('refuses %s and closes the connection', async (_, request, status) => {
    api = await RuntimeApiServer.start(() => {});
    const connection = open();
    connection.send(request);
    const answer = await connection.response();
    expect(answer.head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(answer.head).toMatch(/\r\nConnection: close(\r\n|$)/);
  });

  it('passes on the peak memory a runtime client reports with its answer, a malformed one ignored', async () => {
    const answers: RuntimeAnswer[] = [];
    api = await RuntimeApiServer.start((answer) => answers.push(answer));
    const connection = open();
    for (const [value, type] of [
      ['51200', 'response'],
      ['-1', 'error'],
    ]) {
      connection.send(
        `POST /2018-06-01/runtime/invocation/${id}/${type} HTTP/1.1\r\nHost: r\r\n` +
          `Toolkit-Peak-Memory-Kb: ${value}\r\nContent-Length: 2\r\n\r\n{}`,
      );
      await connection.response();
    }
    expect(answers).toEqual([
      { kind: 'response', requestId: id, body: Buffer.from('{}'), peakMemoryKb: 51200 },
      { kind: 'error', requestId: id, body: Buffer.from('{}'), errorType: undefined },
    ]);
  });

  it('closes after answering a request that asks for it', async () => {
    api = await RuntimeApiServer.start(() => {});
    const connection = open();
    connection.send('GET /x HTTP/1.0\r\n\r\n');
    expect((await connection.response()).head).toMatch(/\r\nConnection: close(\r\n|$)/);
  });
});
