import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialScope, ServicePlugin, ServiceRequest } from './plugin.ts';
import { CODE_DOWNLOAD_PREFIX } from './plugins/lambda/code-location.ts';

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Methods a presigned S3 URL may carry: reads and single-object uploads, never a mutation a page could forge. */
const PRESIGNED_S3_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT']);

/**
 * The SigV4 credential scope of a request, from its Authorization header, or from
 * a presigned URL's `X-Amz-Credential` for S3 GET/HEAD/PUT (and GETs of the code
 * downloads Lambda hands out) only. Signatures are checked afterwards, by the server (`iam/`).
 */
export function credentialScope(
  method: string,
  rawPath: string,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): CredentialScope | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('AWS4-HMAC-SHA256')) return parseScope(auth);
  const presigned = presignedScope(method, rawPath, query);
  if (presigned) return presigned;
  if (typeof auth === 'string' && auth.startsWith('AWS ')) {
    // SigV2 (old S3 clients): `AWS AKID:signature` names no service; S3 is the only SigV2 user left.
    const accessKeyId = auth.slice(4).split(':')[0] ?? '';
    return { accessKeyId, date: '', region: '', service: 's3' };
  }
  return undefined;
}

/**
 * A presigned URL's scope when it is an S3 read or upload, or a GET of Lambda's
 * `Code.Location` (a presigned S3 GET on AWS); undefined for anything else.
 */
function presignedScope(method: string, rawPath: string, query: URLSearchParams): CredentialScope | undefined {
  const credential = query.get('X-Amz-Credential');
  if (!credential) return undefined;
  const scope = parseScope(`Credential=${credential}`);
  if (scope?.service === 's3' && PRESIGNED_S3_METHODS.has(method)) return scope;
  if (scope?.service === 'lambda' && method === 'GET' && rawPath.startsWith(CODE_DOWNLOAD_PREFIX)) return scope;
  return undefined;
}

/**
 * Why a request's query credential is refused: it is not one of the presigned
 * requests above, but the shape of a forged cross-site request.
 */
export function refusedQueryCredential(
  method: string,
  rawPath: string,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('AWS4-HMAC-SHA256')) return undefined;
  const credential = query.get('X-Amz-Credential');
  if (!credential || presignedScope(method, rawPath, query)) return undefined;
  return 'Query-string credentials (presigned URLs) are accepted only for S3 GET, HEAD and PUT requests; sign other requests with an Authorization header.';
}

function parseScope(text: string): CredentialScope | undefined {
  const match = SCOPE.exec(text);
  if (!match) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = ''] = match;
  return { accessKeyId, date, region, service };
}

/**
 * The bucket named by a virtual-host-style Host header: `bucket.localhost[:port]`,
 * `bucket.s3.localhost`. IP hosts and bare `localhost` name none (and non-loopback
 * hosts never get this far: the server refuses them).
 */
export function virtualHostBucket(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (/^\[.*\]$/.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return undefined;
  const suffixes = [/\.s3\.localhost$/, /\.localhost$/];
  for (const suffix of suffixes) {
    const match = suffix.exec(name);
    if (match && match.index > 0) return name.slice(0, match.index);
  }
  return undefined;
}

/** Where a request goes: its plugin, and for an unsigned request to a public endpoint (an API route), how it is served. */
export interface Route {
  plugin: ServicePlugin | undefined;
  /** Set when the plugin serves the request as a public endpoint: no signature is checked. */
  publicEndpoint?: { ownOrigin: boolean };
}

/**
 * Picks the plugin for a request: the scope's service; for an unsigned one, a plugin that serves
 * it as a public endpoint (API routes), else S3 (browsers, curl, presigned v2).
 */
export function routeRequest(plugins: ReadonlyMap<string, ServicePlugin>, request: ServiceRequest): Route {
  if (request.scope) return { plugin: plugins.get(request.scope.service) };
  for (const plugin of plugins.values()) {
    const publicEndpoint = plugin.publicEndpoint?.(request);
    if (publicEndpoint) return { plugin, publicEndpoint };
  }
  return { plugin: plugins.get('s3') };
}
