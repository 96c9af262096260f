import type { ApiRoute, LambdaAuthorizer, RouteAuth } from './api-model.ts';
import { openApiAuthorizer } from './authorizer-definitions.ts';
import { integrationOf, openApiIntegrationResponses } from './integrations.ts';

/** OpenAPI's method keys, and API Gateway's `ANY`. */
const METHOD_KEYS: ReadonlyMap<string, string> = new Map([
  ['get', 'GET'],
  ['put', 'PUT'],
  ['post', 'POST'],
  ['delete', 'DELETE'],
  ['options', 'OPTIONS'],
  ['head', 'HEAD'],
  ['patch', 'PATCH'],
  ['x-amazon-apigateway-any-method', 'ANY'],
]);

/** The routes of an API defined by an OpenAPI document (`Body`): swagger 2.0 for REST APIs, OpenAPI 3 for HTTP APIs. */
export function routesOfDefinition(body: Record<string, unknown>, kind: 'rest' | 'http', apiId: string): ApiRoute[] {
  const routes: ApiRoute[] = [];
  const paths = objectOr(body.paths);
  const schemes = new Map<string, Record<string, unknown>>();
  for (const source of [body.securityDefinitions, objectOr(body.components).securitySchemes])
    for (const [name, scheme] of Object.entries(objectOr(source))) schemes.set(name, objectOr(scheme));
  const authorizers = new Map<string, LambdaAuthorizer | string | undefined>();
  for (const [name, scheme] of schemes) authorizers.set(name, openApiAuthorizer(name, scheme, kind, apiId));
  for (const [path, item] of Object.entries(paths)) {
    for (const [key, operation] of Object.entries(objectOr(item))) {
      const method = METHOD_KEYS.get(key.toLowerCase());
      if (method === undefined || typeof operation !== 'object' || operation === null) continue;
      const op = operation as Record<string, unknown>;
      const raw = objectOr(op['x-amazon-apigateway-integration']);
      const integration = integrationOf(
        {
          type: raw.type,
          uri: raw.uri,
          payloadFormat: raw.payloadFormatVersion,
          credentials: raw.credentials,
          requestTemplates: raw.requestTemplates,
          responses: openApiIntegrationResponses(raw.responses),
        },
        kind === 'rest' ? '1.0' : '2.0',
      );
      const isDefault = path === '$default' || op.isDefaultRoute === true;
      const auth = securityNeed(op.security ?? body.security, schemes, authorizers);
      routes.push({
        method: isDefault ? 'ANY' : method,
        path: isDefault ? '$default' : path,
        integration,
        ...(auth ? { auth } : {}),
      });
    }
  }
  return routes;
}

/** The binary media types an OpenAPI document declares for a REST API. */
export function binaryMediaTypesOf(body: Record<string, unknown>): string[] {
  const types = body['x-amazon-apigateway-binary-media-types'];
  return Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string') : [];
}

/**
 * What an operation's `security` requires: the first scheme it names that is more than nothing.
 * SAM writes `security: [{ MyAuthorizer: [] }]`, and `[{ NONE: [] }]` for a route that opts out of
 * a default authorizer; an empty requirement `{}` means no auth.
 */
function securityNeed(
  security: unknown,
  schemes: ReadonlyMap<string, Record<string, unknown>>,
  authorizers: ReadonlyMap<string, LambdaAuthorizer | string | undefined>,
): RouteAuth | undefined {
  if (!Array.isArray(security)) return undefined;
  for (const requirement of security) {
    for (const name of Object.keys(objectOr(requirement))) {
      const scheme = schemes.get(name);
      if (scheme === undefined) {
        if (name === 'NONE') continue;
        return { kind: 'unsupported', what: `the authorizer '${name}' (no such security scheme)` };
      }
      const authorizer = authorizers.get(name);
      if (typeof authorizer === 'object') return { kind: 'lambda', authorizer };
      if (typeof authorizer === 'string') return { kind: 'unsupported', what: authorizer };
      if (String(scheme['x-amazon-apigateway-authtype'] ?? '').toLowerCase() === 'awssigv4') return { kind: 'iam' };
      if (scheme.type === 'apiKey') return { kind: 'unsupported', what: `an API key ('${name}')` };
      return { kind: 'unsupported', what: `the authorizer '${name}'` };
    }
  }
  return undefined;
}

/** The value when it is a plain object, else an empty one. */
export function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
