import type { ServiceResponse } from '../../plugin.ts';
import type { ServiceError } from '../../service-error.ts';
import type { DeployedStackResource } from '../cloudformation/deployed-resources.ts';
import { AUTHORIZER_CONFIGURATION } from './api-errors.ts';
import { textOf } from './definition-parts.ts';
import { objectOr } from './openapi-routes.ts';

/** A REST API's customized gateway response: what replaces API Gateway's own answer of one type. */
export interface GatewayResponse {
  statusCode?: number;
  /** Static header values (`gatewayresponse.header.X: "'value'"`), by lower-case name. */
  headers: ReadonlyMap<string, string>;
  /** The `application/json` template, if one is set. */
  template?: string;
}

/** The gateway response types of the errors the local cloud answers for an API, by error code. */
const TYPES: ReadonlyMap<string, string> = new Map([
  ['UnauthorizedException', 'UNAUTHORIZED'],
  ['AccessDeniedException', 'ACCESS_DENIED'],
  [AUTHORIZER_CONFIGURATION, 'AUTHORIZER_CONFIGURATION_ERROR'],
  ['MissingAuthenticationTokenException', 'MISSING_AUTHENTICATION_TOKEN'],
  ['RequestTooLargeException', 'REQUEST_TOO_LARGE'],
]);

/** The body `x-amazon-apigateway-gateway-responses` (what SAM writes for `GatewayResponses`), by type. */
export function openApiGatewayResponses(value: unknown): Map<string, GatewayResponse> {
  const responses = new Map<string, GatewayResponse>();
  for (const [type, item] of Object.entries(objectOr(value))) {
    const fields = objectOr(item);
    responses.set(type, gatewayResponse(fields.statusCode, fields.responseParameters, fields.responseTemplates));
  }
  return responses;
}

/** `AWS::ApiGateway::GatewayResponse` resources of one API, by type. */
export function gatewayResponseResources(parts: readonly DeployedStackResource[]): Map<string, GatewayResponse> {
  const responses = new Map<string, GatewayResponse>();
  for (const part of parts) {
    if (part.type !== 'AWS::ApiGateway::GatewayResponse') continue;
    const p = part.properties;
    const type = textOf(p.ResponseType);
    if (type) responses.set(type, gatewayResponse(p.StatusCode, p.ResponseParameters, p.ResponseTemplates));
  }
  return responses;
}

/**
 * An error answer as the API's gateway responses shape it: the customized response of its type,
 * else `DEFAULT_4XX`/`DEFAULT_5XX`, sets the status, static headers and a body from its template
 * (`$context.error.messageString` and `$context.error.message` filled in; a template with other
 * VTL keeps API Gateway's own body). Errors the local cloud adds itself (501) are left alone.
 */
export function withGatewayResponse(
  responses: ReadonlyMap<string, GatewayResponse>,
  error: ServiceError,
  answer: ServiceResponse,
): ServiceResponse {
  if (error.status === 501) return answer;
  const type =
    TYPES.get(error.code) ??
    (error.status === 500 && error.code === 'InternalServerErrorException' ? 'API_CONFIGURATION_ERROR' : undefined);
  const fallback = error.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
  const response = (type !== undefined ? responses.get(type) : undefined) ?? responses.get(fallback);
  if (!response) return answer;
  const headers = { ...answer.headers, ...Object.fromEntries(response.headers) };
  const message = error.code === AUTHORIZER_CONFIGURATION ? null : error.message;
  const body = response.template
    ?.replaceAll('$context.error.messageString', JSON.stringify(message))
    .replaceAll('$context.error.message', message ?? '');
  return {
    ...answer,
    status: response.statusCode ?? answer.status,
    headers,
    ...(body !== undefined && !/[$#]/.test(body) ? { body } : {}),
  };
}

function gatewayResponse(status: unknown, parameters: unknown, templates: unknown): GatewayResponse {
  const headers = new Map<string, string>();
  for (const [target, source] of Object.entries(objectOr(parameters))) {
    const name = /^gatewayresponse\.header\.(.+)$/.exec(target)?.[1];
    const literal = /^'(.*)'$/s.exec(textOf(source) ?? '')?.[1];
    if (name !== undefined && literal !== undefined) headers.set(name.toLowerCase(), literal);
  }
  const statusCode = Number(textOf(status));
  const template = textOf(objectOr(templates)['application/json']);
  return {
    ...(Number.isInteger(statusCode) && statusCode >= 100 && statusCode <= 599 ? { statusCode } : {}),
    headers,
    ...(template !== undefined && template.trim() !== '' ? { template } : {}),
  };
}
