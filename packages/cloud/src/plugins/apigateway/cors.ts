import type { ServiceResponse } from '../../plugin.ts';
import type { CorsConfiguration } from './api-model.ts';
import { objectOr } from './openapi-routes.ts';
import type { RequestParts } from './request-parts.ts';

/**
 * An HTTP API's CORS configuration: the resource's `CorsConfiguration` (`AllowOrigins`, …) or
 * the definition's `x-amazon-apigateway-cors` (`allowOrigins`, …); undefined when there is none.
 */
export function corsConfigurationOf(value: unknown): CorsConfiguration | undefined {
  const fields = objectOr(value);
  if (Object.keys(fields).length === 0) return undefined;
  const field = (name: string): unknown => fields[name] ?? fields[name.charAt(0).toLowerCase() + name.slice(1)];
  const list = (name: string): string[] => {
    const items = field(name);
    return Array.isArray(items) ? items.filter((item): item is string => typeof item === 'string') : [];
  };
  const maxAge = Number(field('MaxAge'));
  const credentials = field('AllowCredentials');
  return {
    allowOrigins: list('AllowOrigins'),
    allowMethods: list('AllowMethods').map((method) => method.toUpperCase()),
    allowHeaders: list('AllowHeaders').map((header) => header.toLowerCase()),
    exposeHeaders: list('ExposeHeaders'),
    ...(field('MaxAge') !== undefined && Number.isFinite(maxAge) ? { maxAge } : {}),
    allowCredentials: credentials === true || credentials === 'true',
  };
}

/** The request headers CORS reads, lower-case names. */
export interface CorsRequest {
  method: string;
  origin?: string;
  requestMethod?: string;
  requestHeaders?: string;
}

/** True for a preflight: `OPTIONS` with an `Origin` and an `Access-Control-Request-Method`. */
export function isPreflight(request: CorsRequest): boolean {
  return request.method === 'OPTIONS' && request.origin !== undefined && request.requestMethod !== undefined;
}

/**
 * API Gateway's answer to a preflight of an HTTP API with CORS configured, whatever its routes:
 * `204`, with the Access-Control headers when the origin, method and headers are allowed.
 */
export function preflightResponse(cors: CorsConfiguration, request: CorsRequest): ServiceResponse {
  const headers: Record<string, string> = {};
  const origin = allowedOrigin(cors, request.origin);
  const method = request.requestMethod?.toUpperCase() ?? '';
  const asked = (request.requestHeaders ?? '')
    .split(',')
    .map((header) => header.trim().toLowerCase())
    .filter((header) => header !== '');
  const methodAllowed = cors.allowMethods.includes('*') || cors.allowMethods.includes(method);
  const headersAllowed = cors.allowHeaders.includes('*') || asked.every((header) => cors.allowHeaders.includes(header));
  if (origin !== undefined && methodAllowed && headersAllowed) {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-allow-methods'] = cors.allowMethods.includes('*') ? method : cors.allowMethods.join(',');
    if (asked.length > 0)
      headers['access-control-allow-headers'] = cors.allowHeaders.includes('*')
        ? asked.join(',')
        : cors.allowHeaders.join(',');
    if (cors.maxAge !== undefined) headers['access-control-max-age'] = String(cors.maxAge);
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  }
  return { status: 204, headers: { ...headers, vary: 'Origin' } };
}

/**
 * A response to a CORS request with API Gateway's headers: those the integration set are
 * replaced (API Gateway ignores them when the API has a CORS configuration).
 */
export function withCorsHeaders(
  cors: CorsConfiguration,
  origin: string | undefined,
  answer: ServiceResponse,
): ServiceResponse {
  const headers = Object.create(null) as Record<string, string | number | string[]>;
  for (const [name, value] of Object.entries(answer.headers ?? {}))
    if (!name.toLowerCase().startsWith('access-control-') && value !== undefined) headers[name] = value;
  const allowed = allowedOrigin(cors, origin);
  if (allowed !== undefined) {
    headers['access-control-allow-origin'] = allowed;
    if (cors.exposeHeaders.length > 0) headers['access-control-expose-headers'] = cors.exposeHeaders.join(',');
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  }
  if (origin !== undefined) headers.vary = 'Origin';
  return { ...answer, headers };
}

/** The `Access-Control-Allow-Origin` value for an origin: `*` when any origin is allowed, the origin when it is listed. */
function allowedOrigin(cors: CorsConfiguration, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? origin : '*';
  return cors.allowOrigins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

/** The CORS headers of a request, when it has an Origin. */
export function corsRequestOf(parts: RequestParts): CorsRequest | undefined {
  const one = (name: string) => parts.headers.find(([header]) => header.toLowerCase() === name)?.[1][0];
  const origin = one('origin');
  if (origin === undefined) return undefined;
  const requestMethod = one('access-control-request-method');
  const requestHeaders = one('access-control-request-headers');
  return {
    method: parts.method,
    origin,
    ...(requestMethod !== undefined ? { requestMethod } : {}),
    ...(requestHeaders !== undefined ? { requestHeaders } : {}),
  };
}
