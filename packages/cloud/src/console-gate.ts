import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ServiceResponse } from './plugin.ts';
import { isLoopbackHost } from './request-guard.ts';

/** The web console's files, by name under `/_console/` (`index.html`, `app.js`, …). */
export type ConsoleAssets = ReadonlyMap<string, { body: string | Buffer; contentType: string }>;

/** Where the console lives on the cloud's endpoint. */
export const CONSOLE_PATH = '/_console/';
const CONSOLE_ROOT = '/_console';
/**
 * The console's mount of the cloud's own AWS APIs: `/_console/aws/<AWS path>` is the AWS
 * request at `<AWS path>`, admitted only with the console's session cookie. A mount under
 * the console's path rather than the bare APIs, because only this path gets the cookie.
 */
export const CONSOLE_API_PATH = '/_console/aws/';

/**
 * What the page learns at `/_console/config.json`: where it is and which credentials it signs
 * its AWS requests with (the cloud's own; identities, once checked, give the administrator's).
 */
export interface ConsoleConfig {
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** What the gate decided about one request. */
export type ConsoleDecision =
  /** Not the console's business: the request goes on to the AWS router as before. */
  | { kind: 'pass' }
  /** An AWS request from the console page, its URL rewritten to the AWS path. */
  | { kind: 'api' }
  /** Answered here: a console file, the token exchange, or a refusal. */
  | { kind: 'answer'; response: ServiceResponse };

/** The console's guard and file server for one start of the cloud. */
export interface ConsoleGate {
  /** The URL to print: the console with this start's token, which the first visit trades for a cookie. */
  url(endpoint: string): string;
  /** Decides a request before the AWS router sees it; rewrites `req.url` for API calls. */
  decide(req: IncomingMessage): ConsoleDecision;
}

/**
 * Security headers of every console answer: nothing but this origin's own files may run, no
 * page may frame it, and nothing is cached or leaked through referrers.
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
};

/**
 * Creates the gate: a random token per start (in the printed URL), traded once per browser
 * for an HttpOnly SameSite=Strict session cookie scoped to the console's path and this port.
 */
export function createConsoleGate(assets: ConsoleAssets, port: () => number, config: () => ConsoleConfig): ConsoleGate {
  const token = randomBytes(24).toString('base64url');
  const sessions = new Set<string>();
  const cookieName = () => `toolkit_console_${port()}`;

  const sessionOf = (req: IncomingMessage): string | undefined => {
    const header = req.headers.cookie;
    if (typeof header !== 'string') return undefined;
    for (const part of header.split(';')) {
      const at = part.indexOf('=');
      if (at > 0 && part.slice(0, at).trim() === cookieName()) {
        const value = part.slice(at + 1).trim();
        if (sessions.has(value)) return value;
      }
    }
    return undefined;
  };

  return {
    url: (endpoint) => `${endpoint}${CONSOLE_PATH}?token=${token}`,
    decide(req) {
      const url = req.url ?? '/';
      const [path = '', search = ''] = splitQuery(url);
      if (!path.startsWith(CONSOLE_PATH) && path !== CONSOLE_ROOT) return { kind: 'pass' };
      const refusal = refusedPage(req);
      if (refusal) return { kind: 'answer', response: refusal };
      // Without the slash the page's relative files would resolve outside the console.
      if (path === CONSOLE_ROOT) {
        const location = `${CONSOLE_PATH}${search ? `?${search}` : ''}`;
        return { kind: 'answer', response: { status: 308, headers: { ...PAGE_HEADERS, location } } };
      }
      if (path.startsWith(CONSOLE_API_PATH)) {
        if (!sessionOf(req)) return { kind: 'answer', response: deny(401, 'The console session is missing or ended.') };
        // The AWS request, with its own path: the router, guard and plugins see it as any SDK's.
        req.url = `/${url.slice(CONSOLE_API_PATH.length)}`;
        return { kind: 'api' };
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return { kind: 'answer', response: deny(405, 'Use GET.') };
      const offered = new URLSearchParams(search).get('token');
      if (offered !== null && path === CONSOLE_PATH) {
        if (!sameSecret(offered, token)) return { kind: 'answer', response: deny(403, 'The console token is wrong.') };
        const session = randomBytes(24).toString('base64url');
        sessions.add(session);
        // Trade the token for the cookie, then drop the token from the address bar and history.
        return {
          kind: 'answer',
          response: {
            status: 303,
            headers: {
              ...PAGE_HEADERS,
              location: CONSOLE_PATH,
              'set-cookie': `${cookieName()}=${session}; Path=${CONSOLE_PATH}; HttpOnly; SameSite=Strict`,
            },
          },
        };
      }
      if (!sessionOf(req)) {
        return {
          kind: 'answer',
          response: deny(401, 'Open the console with the URL `toolkit local start` printed (it carries the token).'),
        };
      }
      const name = path === CONSOLE_PATH ? 'index.html' : path.slice(CONSOLE_PATH.length);
      if (name === 'config.json') {
        return {
          kind: 'answer',
          response: {
            status: 200,
            headers: { ...PAGE_HEADERS, 'content-type': 'application/json' },
            body: JSON.stringify(config()),
          },
        };
      }
      const asset = assets.get(name);
      if (!asset) return { kind: 'answer', response: deny(404, 'No such console file.') };
      return {
        kind: 'answer',
        response: { status: 200, headers: { ...PAGE_HEADERS, 'content-type': asset.contentType }, body: asset.body },
      };
    },
  };
}

/**
 * Refuses what a page of another origin could send: a Host other than loopback (DNS
 * rebinding), an `Origin` other than the cloud's own (the Host it was sent to), or a
 * request the browser marks as cross-site.
 */
function refusedPage(req: IncomingMessage): ServiceResponse | undefined {
  const host = req.headers.host;
  if (!isLoopbackHost(host))
    return deny(421, `The console answers only on loopback; Host '${String(host ?? '')}' is not.`);
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return deny(403, 'The console refuses requests from other sites.');
  if (origin !== undefined && origin !== `http://${String(req.headers.host ?? '')}`) {
    return deny(403, `The console refuses requests from origin '${origin}'.`);
  }
  return undefined;
}

function splitQuery(url: string): [string, string] {
  const at = url.indexOf('?');
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
}

/** Compares the offered token with the real one in constant time (through digests of equal length). */
function sameSecret(offered: string, secret: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(offered), digest(secret));
}

function deny(status: number, message: string): ServiceResponse {
  return {
    status,
    headers: { ...PAGE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
    body: `${message}\n`,
  };
}
