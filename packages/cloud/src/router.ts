import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialScope, ServicePlugin } from './plugin.ts';

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/**
 * The SigV4 credential scope of a request, from its Authorization header or a
 * presigned URL's `X-Amz-Credential`. Signatures are not checked: any key works.
 */
export function credentialScope(headers: IncomingHttpHeaders, query: URLSearchParams): CredentialScope | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('AWS4-HMAC-SHA256')) return parseScope(auth);
  const presigned = query.get('X-Amz-Credential');
  if (presigned) return parseScope(`Credential=${presigned}`);
  if (typeof auth === 'string' && auth.startsWith('AWS ')) {
    // SigV2 (old S3 clients): `AWS AKID:signature` names no service; S3 is the only SigV2 user left.
    const accessKeyId = auth.slice(4).split(':')[0] ?? '';
    return { accessKeyId, date: '', region: '', service: 's3' };
  }
  return undefined;
}

function parseScope(text: string): CredentialScope | undefined {
  const match = SCOPE.exec(text);
  if (!match) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = ''] = match;
  return { accessKeyId, date, region, service };
}

/**
 * The bucket named by a virtual-host-style Host header: `bucket.localhost[:port]`,
 * `bucket.s3.localhost`, `bucket.s3[.region].amazonaws.com`. IP hosts and bare
 * `localhost` name none.
 */
export function virtualHostBucket(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (/^\[.*\]$/.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return undefined;
  const suffixes = [/\.s3\.localhost$/, /\.localhost$/, /\.s3[.-][a-z0-9-]+\.amazonaws\.com$/, /\.s3\.amazonaws\.com$/];
  for (const suffix of suffixes) {
    const match = suffix.exec(name);
    if (match && match.index > 0) return name.slice(0, match.index);
  }
  return undefined;
}

/** Picks the plugin for a request: the scope's service, or S3 for unsigned requests (browsers, curl, presigned v2). */
export function routeRequest(
  plugins: ReadonlyMap<string, ServicePlugin>,
  scope: CredentialScope | undefined,
): ServicePlugin | undefined {
  if (scope) return plugins.get(scope.service);
  return plugins.get('s3');
}
