import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A reply the server gives every request. */
export interface CannedReply {
  status: number;
  contentType: string;
  body: string;
}

/**
 * A plain HTTP server on loopback that is not AWS: it answers with `reply(request)`, or, where
 * that gives `undefined`, passes the request on to `upstream` (a partial AWS endpoint).
 */
export async function startReplyServer(
  reply: (request: IncomingMessage) => CannedReply | undefined,
  upstream?: string,
): Promise<{ endpoint: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const canned = reply(request);
    if (!canned && upstream) {
      const target = new URL(request.url ?? '/', upstream);
      const onward = forward(target, { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      request.pipe(onward);
      return;
    }
    request.resume();
    request.once('end', () => {
      requests.push(`${request.method} ${request.url}`);
      const { status, contentType, body } = canned ?? { status: 502, contentType: 'text/plain', body: 'no upstream' };
      response.writeHead(status, { 'content-type': contentType }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
