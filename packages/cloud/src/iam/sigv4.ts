import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The hash of an empty payload, as SigV4 writes it. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What a SigV4 signature covers besides the payload: the request as the client sent it. */
export interface SignedRequestParts {
  method: string;
  /** The path as sent (still percent-encoded). */
  rawPath: string;
  /** The query string as sent, without the `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** Lower-case names of the signed headers, as the Authorization header lists them. */
  signedHeaders: readonly string[];
  /** S3 signs the path as sent; every other service encodes it once more. */
  service: string;
  /** Query parameters left out of the canonical query (a presigned URL's own signature). */
  omitQuery?: string;
}

/** The SigV4 credential scope: `date/region/service/aws4_request`. */
export function scopeOf(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

/** The derived key for one secret, day, region and service (HMAC chain of SigV4). */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secret}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

/** The canonical request SigV4 hashes, with `payloadHash` as its last line. */
export function canonicalRequest(parts: SignedRequestParts, payloadHash: string): string {
  return [
    parts.method,
    canonicalPath(parts.rawPath, parts.service),
    canonicalQuery(parts.rawQuery, parts.omitQuery),
    canonicalHeaders(parts.headers, parts.signedHeaders),
    parts.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

/** The string to sign for a canonical request. */
export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

/** The hex signature of `text` under a derived key. */
export function signatureOf(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** Compares two hex signatures in constant time. */
export function sameSignature(expected: string, given: string): boolean {
  if (expected.length !== given.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/** Lower-case hex SHA-256. */
export function sha256Hex(data: string | Buffer): string {
  // One-shot: no Hash object per call (every request hashes its body and its canonical request).
  return hash('sha256', data, 'hex');
}

/** The string to sign of one `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` chunk. */
export function chunkStringToSign(amzDate: string, scope: string, previous: string, chunkHash: string): string {
  return `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${EMPTY_SHA256}\n${chunkHash}`;
}

/** The string to sign of the trailer of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER` body. */
export function trailerStringToSign(amzDate: string, scope: string, previous: string, trailerHash: string): string {
  return `AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previous}\n${trailerHash}`;
}

/** RFC 3986 encoding as SigV4 wants it: everything but `A-Za-z0-9-_.~` escaped, upper-case hex. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

function canonicalPath(rawPath: string, service: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (service === 's3') return path;
  // Other services sign the path encoded once more (each segment of the already-encoded path).
  return path
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
}

function canonicalQuery(rawQuery: string, omit: string | undefined): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decode(equals === -1 ? part : part.slice(0, equals));
    if (name === omit) continue;
    pairs.push([uriEncode(name), uriEncode(decode(equals === -1 ? '' : part.slice(equals + 1)))]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function canonicalHeaders(headers: IncomingHttpHeaders, names: readonly string[]): string {
  let text = '';
  for (const name of names) {
    const value = headers[name];
    const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
    text += `${name}:${joined.trim().replace(/\s+/g, ' ')}\n`;
  }
  return text;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
