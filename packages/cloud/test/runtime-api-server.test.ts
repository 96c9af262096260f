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
      if (end !== -1 && !length) return { head: this.#received.slice(0, end), body: '' };
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
