import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { ADMIN_ACCESS_KEY } from '../src/iam/identity-store.ts';
import {
  canonicalRequest,
  chunkStringToSign,
  scopeOf,
  sha256Hex,
  signatureOf,
  signingKey,
  stringToSign,
} from '../src/iam/sigv4.ts';

/** The `authorization` value that asks `rawRequest` to sign for `service` with the admin key (SigV4, us-east-1). */
export function signFor(service: string): string {
  return `SIGN ${service}`;
}

/**
 * Replaces a `signFor(service)` placeholder with a real SigV4 Authorization header (and
 * `x-amz-date`; `x-amz-content-sha256` for S3) over the request as it will go out.
 * A body not known up front (an open request) is signed as empty: such requests are
 * refused for their size before any signature is checked.
 */
export function signedHeaders(
  endpoint: URL,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): Record<string, string> {
  const placeholder = headers.authorization;
  if (!placeholder?.startsWith('SIGN ')) return headers;
  const service = placeholder.slice('SIGN '.length);
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const payloadHash = sha256Hex(body ?? '');
  const out: Record<string, string> = { ...headers, host: headers.host ?? endpoint.host, 'x-amz-date': amzDate };
  delete out.authorization;
  if (service === 's3') out['x-amz-content-sha256'] ??= payloadHash;
  const signedHeaders = Object.keys(out)
    .map((name) => name.toLowerCase())
    .filter((name) => name === 'host' || name.startsWith('x-amz-') || name === 'content-type')
    .sort();
  const lower = Object.fromEntries(Object.entries(out).map(([k, v]) => [k.toLowerCase(), v]));
  const queryAt = path.indexOf('?');
  const canonical = canonicalRequest(
    {
      method,
      rawPath: queryAt === -1 ? path : path.slice(0, queryAt),
      rawQuery: queryAt === -1 ? '' : path.slice(queryAt + 1),
      headers: lower,
      signedHeaders,
      service,
    },
    service === 's3' ? (lower['x-amz-content-sha256'] as string) : payloadHash,
  );
  const scope = scopeOf(date, 'us-east-1', service);
  const key = signingKey(ADMIN_ACCESS_KEY.secretAccessKey, date, 'us-east-1', service);
  const signature = signatureOf(key, stringToSign(amzDate, scope, canonical));
  out.authorization = `AWS4-HMAC-SHA256 Credential=${ADMIN_ACCESS_KEY.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return out;
}

/** One HTTP exchange as the wire carried it. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes, for binary answers. */
  bytes: Buffer;
}

/** What to send: method, path with query, headers (a `host` here replaces the endpoint's), body. */
export interface RawRequestOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * Sends one request to the cloud at `endpoint` exactly as given (no SDK) and reads the whole
 * answer; an `authorization` of `signFor(service)` is replaced by a real signature.
 */
export function rawRequest(endpoint: string, options: RawRequestOptions): Promise<RawResponse> {
  const { request, response } = openRawRequest(endpoint, options, options.body);
  request.end(options.body);
  return response;
}

/**
 * Starts a request and leaves its body open: write to `request` and see whether
 * `response` settles before the body ends (an answer given without reading it all).
 */
export function openRawRequest(
  endpoint: string,
  options: Omit<RawRequestOptions, 'body'>,
  body?: string | Buffer,
): { request: ClientRequest; response: Promise<RawResponse> } {
  const url = new URL(endpoint);
  const method = options.method ?? 'GET';
  let request!: ClientRequest;
  const response = new Promise<RawResponse>((resolve, reject) => {
    request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: options.path,
        headers: options.headers && signedHeaders(url, method, options.path, options.headers, body),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString(), bytes });
        });
        res.on('error', reject);
      },
    );
    request.on('error', reject);
  });
  return { request, response };
}

/**
 * A `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` body: each chunk signed in the chain that starts
 * at the seed signature of `headers` (as `signedHeaders` made them, admin key, us-east-1).
 * The last chunk should be empty.
 */
export function signedChunks(headers: Record<string, string>, chunks: readonly string[], secret = 'test'): string {
  const amzDate = headers['x-amz-date'] ?? '';
  const date = amzDate.slice(0, 8);
  const scope = scopeOf(date, 'us-east-1', 's3');
  const key = signingKey(secret, date, 'us-east-1', 's3');
  let previous = /Signature=([0-9a-f]{64})/.exec(headers.authorization ?? '')?.[1] ?? '';
  let body = '';
  for (const chunk of chunks) {
    previous = signatureOf(key, chunkStringToSign(amzDate, scope, previous, sha256Hex(chunk)));
    body += `${Buffer.byteLength(chunk).toString(16)};chunk-signature=${previous}\r\n${chunk}\r\n`;
  }
  return body;
}
