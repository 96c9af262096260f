import { safeDecode } from '../../protocols/rest-routes.ts';
import type { ApiStage, DeployedApi } from './api-model.ts';
import { matchesMediaType, recordOf, requestTime, type RequestParts } from './request-parts.ts';
import type { RouteMatch } from './route-matching.ts';

/** Everything an event is built from. */
export interface EventInput {
  api: DeployedApi;
  stage: ApiStage;
  match: RouteMatch;
  parts: RequestParts;
  /** The path after the stage, still percent-encoded. */
  rawPath: string;
  body: Buffer;
  requestId: string;
  accountId: string;
  now: Date;
  /** What the route's Lambda authorizer allowed the request with. */
  authorizer?: AuthorizedIdentity;
}

/** A Lambda authorizer's allowing answer, as the integration's event carries it. */
export interface AuthorizedIdentity {
  principalId?: string;
  context: Record<string, unknown>;
  latencyMs: number;
}

/** HTTP APIs pass text bodies as text and everything else base64-encoded. */
const TEXT_TYPES = ['text/*', 'application/json', 'application/javascript', 'application/xml', 'application/xhtml+xml'];

/**
 * Lambda's proxy event, payload format 1.0: what a REST API sends (headers as the client spelled
 * them) and what an HTTP API sends with `PayloadFormatVersion: '1.0'` (header names lower-cased).
 */
export function proxyEventV1(input: EventInput): Record<string, unknown> {
  const { api, stage, match, parts } = input;
  const rest = api.kind === 'rest';
  const headers = parts.headers.map(([name, values]): [string, string[]] => [rest ? name : name.toLowerCase(), values]);
  const isBase64Encoded = rest
    ? input.body.length > 0 && matchesMediaType(contentType(parts), api.binaryMediaTypes)
    : isBinary(input.body, parts);
  const path = safeDecode(input.rawPath);
  const resourcePath = match.route.path;
  return {
    ...(rest ? {} : { version: '1.0' }),
    resource: resourcePath,
    path,
    httpMethod: parts.method,
    headers: recordOf(headers.map(([name, values]) => [name, values[values.length - 1] ?? ''])),
    multiValueHeaders: recordOf(headers),
    queryStringParameters: recordOf(parts.query.map(([name, values]) => [name, values[values.length - 1] ?? ''])),
    multiValueQueryStringParameters: recordOf(parts.query),
    pathParameters: recordOf(Object.entries(match.pathParameters)),
    stageVariables: recordOf(Object.entries(stage.variables)),
    requestContext: {
      accountId: input.accountId,
      apiId: api.id,
      domainName: parts.host,
      domainPrefix: api.id,
      extendedRequestId: input.requestId,
      httpMethod: parts.method,
      identity: { sourceIp: parts.sourceIp, userAgent: parts.userAgent, accessKey: null, caller: null, user: null },
      path: stage.name === '$default' ? path : `/${stage.name}${path}`,
      protocol: 'HTTP/1.1',
      requestId: input.requestId,
      requestTime: requestTime(input.now),
      requestTimeEpoch: input.now.getTime(),
      resourceId: match.route.resourceId ?? null,
      resourcePath,
      ...(input.authorizer ? { authorizer: authorizerV1(input.authorizer, rest) } : {}),
      ...(rest ? {} : { routeKey: routeKey(match) }),
      stage: stage.name,
    },
    body: input.body.length > 0 ? input.body.toString(isBase64Encoded ? 'base64' : 'utf8') : null,
    isBase64Encoded,
  };
}

/** What a payload format 2.0 event needs of its API, stage and route: function URLs have them too, in their own form. */
export type EventInputV2 = Omit<EventInput, 'api' | 'stage' | 'match'> & {
  api: Pick<DeployedApi, 'id'>;
  stage: Pick<ApiStage, 'name' | 'variables'>;
  match: { route: Pick<RouteMatch['route'], 'method' | 'path'>; pathParameters: Record<string, string> };
};

/** Lambda's proxy event, payload format 2.0 (HTTP APIs): lower-cased headers, repeated values joined by commas. */
export function proxyEventV2(input: EventInputV2): Record<string, unknown> {
  const { stage, match, parts } = input;
  const isBase64Encoded = isBinary(input.body, parts);
  const cookies = parts.headers
    .filter(([name]) => name.toLowerCase() === 'cookie')
    .flatMap(([, values]) => values.flatMap((value) => value.split(/;\s*/)))
    .filter((cookie) => cookie !== '');
  const headers = parts.headers
    .filter(([name]) => name.toLowerCase() !== 'cookie')
    .map(([name, values]): [string, string] => [name.toLowerCase(), values.join(',')]);
  const rawPath = stage.name === '$default' ? input.rawPath : `/${stage.name}${input.rawPath}`;
  const query = recordOf(parts.query.map(([name, values]) => [name, values.join(',')]));
  const pathParameters = recordOf(Object.entries(match.pathParameters));
  const stageVariables = recordOf(Object.entries(stage.variables));
  return {
    version: '2.0',
    routeKey: routeKey(match),
    rawPath,
    rawQueryString: parts.rawQuery,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers: recordOf(headers) ?? {},
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: input.accountId,
      apiId: input.api.id,
      ...(input.authorizer ? { authorizer: { lambda: input.authorizer.context } } : {}),
      domainName: parts.host,
      domainPrefix: input.api.id,
      http: {
        method: parts.method,
        path: safeDecode(rawPath),
        protocol: 'HTTP/1.1',
        sourceIp: parts.sourceIp,
        userAgent: parts.userAgent,
      },
      requestId: input.requestId,
      routeKey: routeKey(match),
      stage: stage.name,
      time: requestTime(input.now),
      timeEpoch: input.now.getTime(),
    },
    ...(pathParameters ? { pathParameters } : {}),
    ...(stageVariables ? { stageVariables } : {}),
    ...(input.body.length > 0 ? { body: input.body.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    isBase64Encoded,
  };
}

/**
 * `requestContext.authorizer` of a format 1.0 event: the principal, the authorizer's context
 * (REST APIs pass its values as strings) and how long the authorizer took (0 from the cache).
 */
function authorizerV1(identity: AuthorizedIdentity, rest: boolean): Record<string, unknown> {
  const context = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(identity.context))
    context[key] = rest && value !== null && value !== undefined ? String(value) : value;
  return {
    ...context,
    ...(identity.principalId !== undefined ? { principalId: identity.principalId } : {}),
    integrationLatency: identity.latencyMs,
  };
}

function routeKey(match: EventInputV2['match']): string {
  return match.route.path === '$default' ? '$default' : `${match.route.method} ${match.route.path}`;
}

function contentType(parts: RequestParts): string {
  return parts.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1][0] ?? '';
}

function isBinary(body: Buffer, parts: RequestParts): boolean {
  const type = contentType(parts);
  return body.length > 0 && type !== '' && !matchesMediaType(type, TEXT_TYPES) && !/[/+]json\b/i.test(type);
}
