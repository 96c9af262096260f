import type { ServiceRequest } from './plugin.ts';
import type { ProtocolCodec } from './protocols/codec.ts';
import { refusedQueryCredential } from './router.ts';
import { ServiceError } from './service-error.ts';

/** Characters a Host header may hold: a name or an address, an optional port. */
const HOST_SHAPE = /^[a-z0-9.\-_]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i;

/** The Host every SDK and the AWS CLI send to the cloud's endpoint: loopback without parsing a URL. */
const PLAIN_LOOPBACK = /^(localhost|127\.0\.0\.1)(:\d{1,5})?$/i;

/**
 * Whether a Host header names this machine's loopback: `localhost` and its
 * subdomains (RFC 6761; virtual-host-style S3 uses `bucket.localhost`),
 * 127.0.0.0/8 and [::1]. Any other name reached us through DNS someone else
 * controls — the DNS-rebinding shape — so it is refused.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host || !HOST_SHAPE.test(host)) return false;
  const plain = PLAIN_LOOPBACK.exec(host);
  if (plain && (plain[2] === undefined || Number(plain[2].slice(1)) <= 65_535)) return true;
  let hostname: string;
  try {
    // The URL parser normalises the address forms (127.1, 0x7f.0.0.1, [0:0::1]) to one spelling.
    hostname = new URL(`http://${host}/`).hostname.replace(/\.$/, '');
  } catch {
    return false;
  }
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

/** Lower-cased, without a trailing slash: the form browsers send in `Origin`. */
function normaliseOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/**
 * Why a request from a browser page is refused: it carries an `Origin`, or a
 * `Sec-Fetch-Site` of `cross-site`/`same-site`, and its origin is not allowed.
 * SDKs and the AWS CLI send neither header.
 */
export function refusedOrigin(request: ServiceRequest, allowedOrigins: ReadonlySet<string>): string | undefined {
  const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
  const site = request.headers['sec-fetch-site'];
  const fromOtherSite = site === 'cross-site' || site === 'same-site';
  if (origin === undefined && !fromOtherSite) return undefined;
  if (origin !== undefined && allowedOrigins.has(normaliseOrigin(origin))) return undefined;
  return origin === undefined
    ? `Requests from another site (Sec-Fetch-Site: ${String(site)}) are refused by the local cloud.`
    : `Requests from origin '${origin}' are refused: the local cloud serves only origins it was started to allow.`;
}

/** The allowed-origins option as the set `refusedOrigin` compares against. */
export function allowedOriginSet(origins: readonly string[] = []): ReadonlySet<string> {
  return new Set(origins.map(normaliseOrigin));
}

/**
 * The error that refuses a request before any plugin sees it: a non-loopback
 * Host (421), a browser page of a foreign origin (403), a query credential
 * outside presigned S3 reads and uploads (403). Undefined when it may pass.
 * `fromConsole`: a call the console gate admitted (same origin, session cookie).
 */
export function refuseRequest(
  request: ServiceRequest,
  codec: ProtocolCodec,
  allowedOrigins: ReadonlySet<string>,
  fromConsole = false,
): ServiceError | undefined {
  const host = request.headers.host;
  if (!isLoopbackHost(typeof host === 'string' ? host : undefined)) {
    return new ServiceError(
      'MisdirectedRequest',
      421,
      `The local cloud answers only requests addressed to localhost, 127.0.0.0/8 or [::1]; Host '${String(host ?? '')}' is not one.`,
    );
  }
  const denied = codec.protocol === 'rest-json' ? 'AccessDeniedException' : 'AccessDenied';
  // The console's own page: its gate checked the origin and the session cookie already.
  const origin = fromConsole ? undefined : refusedOrigin(request, allowedOrigins);
  if (origin) return new ServiceError(denied, 403, origin);
  const credential = refusedQueryCredential(request.method, request.rawPath, request.headers, request.query);
  if (credential) return new ServiceError(denied, 403, credential);
  return undefined;
}
