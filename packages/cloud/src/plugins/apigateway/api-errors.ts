import { ServiceError } from '../../service-error.ts';
import type { DeployedApi } from './api-model.ts';

/** API Gateway's answer for a path or method no route serves: REST `403 Missing Authentication Token`, HTTP `404 Not Found`. */
export function noRoute(api: DeployedApi): ServiceError {
  return api.kind === 'rest'
    ? new ServiceError('MissingAuthenticationTokenException', 403, 'Missing Authentication Token')
    : new ServiceError('NotFoundException', 404, 'Not Found');
}

/** A stage the API does not have: REST `403 Forbidden`, HTTP `404 Not Found`. */
export function noStage(api: DeployedApi): ServiceError {
  return api.kind === 'rest'
    ? new ServiceError('ForbiddenException', 403, 'Forbidden')
    : new ServiceError('NotFoundException', 404, 'Not Found');
}

/**
 * A function that failed, answered something that is not a proxy response, or could not be run:
 * REST `502 Internal server error`, HTTP `500 Internal Server Error`, as API Gateway answers them.
 */
export function integrationFailed(api: DeployedApi): ServiceError {
  return api.kind === 'rest'
    ? new ServiceError('InternalServerErrorException', 502, 'Internal server error')
    : new ServiceError('InternalServerErrorException', 500, 'Internal Server Error');
}

/**
 * A configuration error API Gateway finds while running a route — the function's resource policy
 * does not let `apigateway.amazonaws.com` invoke it for this source ARN, a MOCK integration has no
 * response for its status code — answered `500` in each API kind's words (the execution log says why).
 */
export function configurationError(api: DeployedApi): ServiceError {
  return api.kind === 'rest'
    ? new ServiceError('InternalServerErrorException', 500, 'Internal server error')
    : new ServiceError('InternalServerErrorException', 500, 'Internal Server Error');
}

/** No identity source, a token the validation expression refuses, or an authorizer that threw `Unauthorized`: `401`. */
export function unauthorized(): ServiceError {
  return new ServiceError('UnauthorizedException', 401, 'Unauthorized');
}

/** An authorizer's answer that does not allow the method: REST words the deny, HTTP APIs say `Forbidden`. */
export function accessDenied(api: DeployedApi, explicit: boolean): ServiceError {
  if (api.kind === 'http') return new ServiceError('ForbiddenException', 403, 'Forbidden');
  return new ServiceError(
    'AccessDeniedException',
    403,
    explicit
      ? 'User is not authorized to access this resource with an explicit deny'
      : 'User is not authorized to access this resource',
  );
}

/**
 * An authorizer that failed, could not be invoked or answered something unusable: REST `500`
 * with `{"message": null}` (`AuthorizerConfigurationException`), HTTP `500 Internal Server Error`.
 */
export function authorizerFailed(api: DeployedApi): ServiceError {
  return api.kind === 'rest'
    ? new ServiceError(AUTHORIZER_CONFIGURATION, 500, '')
    : new ServiceError('InternalServerErrorException', 500, 'Internal Server Error');
}

/** The error type whose body API Gateway renders as `{"message": null}`. */
export const AUTHORIZER_CONFIGURATION = 'AuthorizerConfigurationException';

/** What the local cloud does not run yet (an authorizer, a non-proxy integration): 501, naming it. */
export function notRunLocally(what: string, routeKey: string, api: DeployedApi): ServiceError {
  return new ServiceError(
    'NotImplemented',
    501,
    `The local cloud does not run ${what}, which route '${routeKey}' of API ${api.id} (stack ${api.stackName}) needs.`,
  );
}

/** No deployed API has this id. */
export function noApi(apiId: string): ServiceError {
  return new ServiceError('NotFoundException', 404, `The local cloud has no deployed API '${apiId}'.`);
}

/** API Gateway's 10 MB payload limit. */
export const API_PAYLOAD_LIMIT = {
  maxBytes: 10_485_760,
  tooLarge: () => new ServiceError('RequestTooLargeException', 413, 'Request Too Long'),
};
