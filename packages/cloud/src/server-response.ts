import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ServiceResponse } from './plugin.ts';

/** Writes a plugin's answer to the socket; HEAD answers keep their headers and drop the body. */
export async function writeServiceResponse(
  res: ServerResponse,
  answer: ServiceResponse,
  extraHeaders: Record<string, string>,
  isHead: boolean,
): Promise<void> {
  const headers: Record<string, string | number | string[]> = { ...extraHeaders, ...answer.headers };
  const body = answer.body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (!hasHeader(headers, 'content-length')) headers['content-length'] = bytes.length;
    res.writeHead(answer.status, headers);
    res.end(isHead ? undefined : bytes);
    return;
  }
  if (body instanceof Readable) {
    if (isHead) {
      body.destroy();
      res.writeHead(answer.status, headers);
      res.end();
      return;
    }
    // The first chunk is read before the status goes out: a body that fails at once
    // (a file gone missing) rejects here, while an error answer can still be sent.
    const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let next: IteratorResult<Buffer>;
    try {
      next = await chunks.next();
    } catch (error) {
      body.destroy();
      throw error;
    }
    res.writeHead(answer.status, headers);
    await pipeline(async function* () {
      try {
        while (!next.done) {
          yield next.value;
          next = await chunks.next();
        }
      } finally {
        // Ends (and so destroys) the body when the client goes away mid-answer.
        await chunks.return?.();
      }
    }, res);
    return;
  }
  if (!hasHeader(headers, 'content-length') && answer.status !== 204 && answer.status !== 304) {
    headers['content-length'] = 0;
  }
  res.writeHead(answer.status, headers);
  res.end();
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
