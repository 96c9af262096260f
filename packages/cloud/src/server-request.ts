import type { IncomingMessage } from 'node:http';
import type { ServiceRequest } from './plugin.ts';
import type { BodyLimit } from './protocols/body-limits.ts';
import { safeDecode } from './protocols/rest-routes.ts';
import { nullRecord } from './protocols/untrusted-names.ts';
import { credentialScope, virtualHostBucket } from './router.ts';

/** Turns a Node request into the ServiceRequest plugins see. The body stays unread. */
export function toServiceRequest(message: IncomingMessage, requestId: string): ServiceRequest {
  const url = message.url ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  const method = (message.method ?? 'GET').toUpperCase();
  // Node's header object inherits from Object.prototype; a copy without one reads absent headers as absent.
  const headers = Object.assign(nullRecord<string | string[] | undefined>(), message.headers);
  let consumed: Promise<Buffer> | undefined;
  return {
    method,
    path: safeDecode(rawPath),
    rawPath,
    query,
    rawQuery: queryAt === -1 ? '' : url.slice(queryAt + 1),
    headers,
    scope: credentialScope(method, rawPath, headers, query),
    virtualHostBucket: virtualHostBucket(message.headers.host),
    stream: message,
    requestId,
    readBody(limit) {
      if (!consumed) {
        consumed = readAll(message, limit);
        return consumed;
      }
      // Read once already (the server hashes bodies to check signatures): the caller's own bound still applies.
      return consumed.then((body) => (limit && body.length > limit.maxBytes ? Promise.reject(limit.tooLarge()) : body));
    },
  };
}

/**
 * Reads the whole body, or rejects with the limit's error as soon as it is
 * exceeded (announced by Content-Length or counted while reading). Nothing past
 * the limit is kept: the server answers at once and discards what still comes
 * (closing instead would reset the socket and lose the answer at the client).
 */
function readAll(message: IncomingMessage, limit: BodyLimit | undefined): Promise<Buffer> {
  const declared = Number(message.headers['content-length']);
  if (limit && Number.isFinite(declared) && declared > limit.maxBytes) return Promise.reject(limit.tooLarge());
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] | undefined = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      if (!chunks) return;
      total += chunk.length;
      if (limit && total > limit.maxBytes) {
        // Keep the stream flowing and drop what comes: pausing it here would stall the socket after the answer.
        chunks = undefined;
        reject(limit.tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const stop = () => {
      message.off('data', onData);
      message.off('end', onEnd);
      message.off('error', onError);
      message.off('aborted', onError);
    };
    const onEnd = () => {
      stop();
      if (chunks) resolve(Buffer.concat(chunks));
    };
    const onError = (error?: unknown) => {
      stop();
      reject(error instanceof Error ? error : new Error('the request was aborted'));
    };
    message.on('data', onData);
    message.on('end', onEnd);
    message.on('error', onError);
    message.on('aborted', onError);
  });
}
