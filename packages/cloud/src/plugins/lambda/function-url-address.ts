import type { ServiceRequest } from '../../plugin.ts';

/** Where a function URL request is addressed: the URL's id and the path the caller asked for, still encoded. */
export interface FunctionUrlAddress {
  urlId: string;
  rawPath: string;
  /** True for `{id}.lambda-url.{region}.localhost`: an origin of its own, apart from the cloud's (and its console's). */
  ownOrigin: boolean;
}

/** `{id}.lambda-url.{region}.localhost[:port]`, as Lambda's `{id}.lambda-url.{region}.on.aws`. */
const URL_HOST = /^([a-z0-9]{32})\.lambda-url\.[a-z0-9-]+\.localhost\.?(?::\d+)?$/i;
/**
 * The path-style form any HTTP client reaches without DNS: `/_lambda-url/{id}/{path}`. The
 * underscore keeps it apart from S3's path-style buckets, whose names cannot hold one.
 */
const URL_PATH = /^\/_lambda-url\/([a-z0-9]{32})(\/.*)?$/i;

/** The function URL a request is addressed to, by Host or by path; undefined for any other request. */
export function functionUrlAddress(
  request: Pick<ServiceRequest, 'headers' | 'rawPath'>,
): FunctionUrlAddress | undefined {
  const host = request.headers.host;
  const byHost = typeof host === 'string' ? URL_HOST.exec(host) : null;
  if (byHost) return { urlId: (byHost[1] ?? '').toLowerCase(), rawPath: request.rawPath, ownOrigin: true };
  const byPath = URL_PATH.exec(request.rawPath);
  if (!byPath) return undefined;
  return { urlId: (byPath[1] ?? '').toLowerCase(), rawPath: byPath[2] ?? '/', ownOrigin: false };
}

/** The local address of a function URL, path-style: reachable by any HTTP client, no DNS needed. */
export function localFunctionUrl(endpoint: string, urlId: string): string {
  return `${endpoint}/_lambda-url/${urlId}/`;
}

/** `https://{id}.lambda-url.{region}.on.aws/…`, the URL Lambda gives a function URL (stack outputs name it). */
const AWS_FUNCTION_URL = /^https:\/\/([a-z0-9]{32})\.lambda-url\.[a-z0-9-]+\.on\.aws(\/[^?#]*)?(.*)$/;

/** The local address for an AWS function URL (a stack output), or undefined when `awsUrl` is not one. */
export function localFunctionUrlOf(endpoint: string, awsUrl: string): string | undefined {
  const match = AWS_FUNCTION_URL.exec(awsUrl.trim());
  if (!match) return undefined;
  const [, urlId = '', path = '/', rest = ''] = match;
  return `${endpoint}/_lambda-url/${urlId}${path || '/'}${rest}`;
}
