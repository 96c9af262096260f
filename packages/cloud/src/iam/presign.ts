import type { Identity } from './identity-store.ts';
import { canonicalRequest, scopeOf, signatureOf, signingKey, stringToSign, uriEncode } from './sigv4.ts';

/** A presigned URL (GET unless `method` says otherwise) of `path` on `endpoint`, signed by `identity` for `service`, valid `expiresSeconds`. */
export function presignedUrl(options: {
  method?: string;
  endpoint: string;
  path: string;
  identity: Pick<Identity, 'accessKeyId' | 'secretAccessKey'>;
  region: string;
  service: string;
  now: Date;
  expiresSeconds: number;
}): string {
  const amzDate = options.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const scope = scopeOf(date, options.region, options.service);
  const host = new URL(options.endpoint).host;
  const rawQuery = [
    'X-Amz-Algorithm=AWS4-HMAC-SHA256',
    `X-Amz-Credential=${uriEncode(`${options.identity.accessKeyId}/${scope}`)}`,
    `X-Amz-Date=${amzDate}`,
    `X-Amz-Expires=${options.expiresSeconds}`,
    'X-Amz-SignedHeaders=host',
  ].join('&');
  const canonical = canonicalRequest(
    {
      method: options.method ?? 'GET',
      rawPath: options.path,
      rawQuery,
      headers: { host },
      signedHeaders: ['host'],
      service: options.service,
    },
    'UNSIGNED-PAYLOAD',
  );
  const key = signingKey(options.identity.secretAccessKey, date, options.region, options.service);
  const signature = signatureOf(key, stringToSign(amzDate, scope, canonical));
  return `${options.endpoint}${options.path}?${rawQuery}&X-Amz-Signature=${signature}`;
}
