import type { IncomingMessage } from 'node:http';
import type { ServiceRequest } from './plugin.ts';
import { credentialScope, virtualHostBucket } from './router.ts';

/** Turns a Node request into the ServiceRequest plugins see. The body stays unread. */
export function toServiceRequest(message: IncomingMessage, requestId: string): ServiceRequest {
  const url = message.url ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  let consumed: Promise<Buffer> | undefined;
  return {
    method: (message.method ?? 'GET').toUpperCase(),
    path: safeDecode(rawPath),
    rawPath,
    query,
    headers: message.headers,
    scope: credentialScope(message.headers, query),
    virtualHostBucket: virtualHostBucket(message.headers.host),
    stream: message,
    requestId,
    readBody() {
      consumed ??= readAll(message);
      return consumed;
    },
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

async function readAll(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
