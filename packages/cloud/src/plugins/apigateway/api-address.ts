import type { ServiceRequest } from '../../plugin.ts';
import { safeDecode } from '../../protocols/rest-routes.ts';

/** Where an API route request is addressed: the API's id and the rest of the path, still percent-encoded. */
export interface ApiAddress {
  apiId: string;
  /** `{stage}/{path…}` for host-style requests (HTTP APIs may have no stage segment), the path after `_user_request_` for path-style ones. */
  rawPath: string;
  /** The stage named in a path-style URL; host-style URLs carry it as their first path segment. */
  stage?: string;
  /** True for `{id}.execute-api.localhost`: an origin of its own, apart from the cloud's (and its console's). */
  ownOrigin: boolean;
}

/** `{id}.execute-api.localhost[:port]`, as API Gateway's `{id}.execute-api.{region}.amazonaws.com`. */
const API_HOST = /^([a-z0-9]{1,64})\.execute-api\.localhost\.?(?::\d+)?$/i;
/** LocalStack's path-style form: `/restapis/{id}/{stage}/_user_request_/{path}`. */
const API_PATH = /^\/restapis\/([a-z0-9]{1,64})\/([^/]+)\/_user_request_(\/.*)?$/i;

/**
 * The API a request is addressed to, by Host (`{id}.execute-api.localhost`) or by path
 * (`/restapis/{id}/{stage}/_user_request_/…`); undefined for any other request.
 */
export function apiAddress(request: Pick<ServiceRequest, 'headers' | 'rawPath'>): ApiAddress | undefined {
  const host = request.headers.host;
  const byHost = typeof host === 'string' ? API_HOST.exec(host) : null;
  if (byHost) return { apiId: (byHost[1] ?? '').toLowerCase(), rawPath: request.rawPath, ownOrigin: true };
  const byPath = API_PATH.exec(request.rawPath);
  if (!byPath) return undefined;
  return {
    apiId: (byPath[1] ?? '').toLowerCase(),
    stage: safeDecode(byPath[2] ?? ''),
    rawPath: byPath[3] ?? '/',
    ownOrigin: false,
  };
}

/** The local base URL of an API's stage, path-style: reachable by any HTTP client, no DNS needed. */
export function localStageUrl(endpoint: string, apiId: string, stage: string): string {
  return `${endpoint}/restapis/${apiId}/${encodeURIComponent(stage)}/_user_request_`;
}

/** `https://{id}.execute-api.{region}.amazonaws.com/{stage}/{path}`, the URL AWS gives an API (SAM's outputs). */
const AWS_API_URL = /^https:\/\/([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?(\/[^?#]*)?(.*)$/;

/**
 * The local URL for an AWS execute-api URL of `apiIds`' APIs (a stack output), or undefined.
 * A REST API's first segment is its stage; an HTTP API without one is served by its `$default` stage.
 */
export function localApiUrl(
  endpoint: string,
  awsUrl: string,
  stageOf: (apiId: string, firstSegment: string | undefined) => string | undefined,
): string | undefined {
  const match = AWS_API_URL.exec(awsUrl.trim());
  if (!match) return undefined;
  const [, apiId = '', path = '', rest = ''] = match;
  const segments = path.split('/').slice(1);
  const stage = stageOf(apiId, segments[0] === '' ? undefined : segments[0]);
  if (stage === undefined) return undefined;
  const remaining = stage === segments[0] ? segments.slice(1) : segments;
  return `${localStageUrl(endpoint, apiId, stage)}/${remaining.join('/')}${rest}`;
}
