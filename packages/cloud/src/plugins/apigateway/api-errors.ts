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
