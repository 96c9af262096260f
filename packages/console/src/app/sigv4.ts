/// <reference lib="dom" />
/** Credentials the console signs with. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** One request to sign: the AWS path (as the service sees it) and the headers to send. */
export interface UnsignedRequest {
  method: string;
  /** Already percent-encoded per segment, without the query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

const encoder = new TextEncoder();

async function sha256Hex(data: Uint8Array<ArrayBuffer> | string): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

async function hmac(key: Uint8Array<ArrayBuffer>, text: string): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(text)));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Adds SigV4 headers (`x-amz-date`, `x-amz-content-sha256`, `authorization`) for `service` in
 * `region`, with WebCrypto. S3 signs its path as sent; other services encode it once more.
 */
export async function signRequest(
  request: UnsignedRequest,
  host: string,
  service: string,
  region: string,
  credentials: Credentials,
  now = new Date(),
): Promise<Record<string, string>> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = await sha256Hex(request.body);
  const headers: Record<string, string> = {
    ...request.headers,
    host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': payloadHash,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort();
  const lowered = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value.trim()]));
  const canonicalPath =
    service === 's3'
      ? request.path
      : request.path
          .split('/')
          .map((segment) => uriEncode(segment))
          .join('/');
  const canonicalQuery = [...request.query.entries()]
    .map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`)
    .sort()
    .join('&');
  const canonical = [
    request.method,
    canonicalPath,
    canonicalQuery,
    ...names.map((name) => `${name}:${lowered.get(name) ?? ''}`),
    '',
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256Hex(canonical)].join('\n');
  let key = await hmac(encoder.encode(`AWS4${credentials.secretAccessKey}`), day);
  for (const part of [region, service, 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  delete headers.host;
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}
