import type { IncomingMessage } from 'node:http';
import type { ServiceRequest } from '../../plugin.ts';
import { nullRecord } from '../../protocols/untrusted-names.ts';

/** The parts of an HTTP request both payload formats are made of. */
export interface RequestParts {
  method: string;
  /** Header names as sent, each with its values in order. */
  headers: [name: string, values: string[]][];
  /** Query parameters in order, decoded, each with its values. */
  query: [name: string, values: string[]][];
  rawQuery: string;
  sourceIp: string;
  userAgent: string;
  host: string;
}

/** Headers (as the client spelled them, when the socket kept that) and query parameters, grouped by name. */
export function requestParts(request: ServiceRequest): RequestParts {
  const message = request.stream as Partial<IncomingMessage>;
  const raw = Array.isArray(message.rawHeaders) ? message.rawHeaders : undefined;
  const headers = new Map<string, [string, string[]]>();
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    const entry = headers.get(key) ?? [name, []];
    entry[1].push(value);
    headers.set(key, entry);
  };
  if (raw) for (let i = 0; i + 1 < raw.length; i += 2) add(raw[i] ?? '', raw[i + 1] ?? '');
  else
    for (const [name, value] of Object.entries(request.headers))
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) add(name, item);
  const query = new Map<string, string[]>();
  for (const [name, value] of request.query) query.set(name, [...(query.get(name) ?? []), value]);
  const one = (name: string) => headers.get(name)?.[1][0] ?? '';
  return {
    method: request.method,
    headers: [...headers.values()],
    query: [...query.entries()],
    rawQuery: request.rawQuery ?? '',
    sourceIp: message.socket?.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    userAgent: one('user-agent'),
    host: one('host'),
  };
}

/** Pairs as a record without prototype (names come from the client), or null when there are none. */
export function recordOf<T>(pairs: Iterable<[string, T]>): Record<string, T> | null {
  const record = nullRecord<T>();
  let any = false;
  for (const [name, value] of pairs) {
    record[name] = value;
    any = true;
  }
  return any ? record : null;
}

/** Whether a body of this content type reaches the function base64-encoded (`image/*` style patterns allowed). */
export function matchesMediaType(contentType: string, patterns: readonly string[]): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return patterns.some((pattern) => {
    const wanted = pattern.toLowerCase();
    if (wanted === '*/*') return true;
    if (wanted.endsWith('/*')) return type.startsWith(wanted.slice(0, -1));
    return type === wanted;
  });
}

/** API Gateway's request time, `09/Apr/2015:12:34:56 +0000`. */
export function requestTime(now: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(now.getUTCDate())}/${months[now.getUTCMonth()]}/${now.getUTCFullYear()}:${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`;
}
