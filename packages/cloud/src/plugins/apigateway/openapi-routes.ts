import type { ApiRoute } from './api-model.ts';
import { integrationOf } from './integrations.ts';

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
export function routesOfDefinition(body: Record<string, unknown>, kind: 'rest' | 'http'): ApiRoute[] {
  const routes: ApiRoute[] = [];
  const paths = objectOr(body.paths);
  const schemes = { ...objectOr(body.securityDefinitions), ...objectOr(objectOr(body.components).securitySchemes) };
  for (const [path, item] of Object.entries(paths)) {
    for (const [key, operation] of Object.entries(objectOr(item))) {
      const method = METHOD_KEYS.get(key.toLowerCase());
      if (method === undefined || typeof operation !== 'object' || operation === null) continue;
      const op = operation as Record<string, unknown>;
      const raw = objectOr(op['x-amazon-apigateway-integration']);
      const integration = integrationOf(raw.type, raw.uri, raw.payloadFormatVersion, kind === 'rest' ? '1.0' : '2.0');
      const isDefault = path === '$default' || op.isDefaultRoute === true;
      const authorizer = securityNeed(op.security ?? body.security, schemes);
      routes.push({
        method: isDefault ? 'ANY' : method,
        path: isDefault ? '$default' : path,
        integration,
        ...(authorizer ? { authorizer } : {}),
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
 * What an operation's `security` requires, in words: the first scheme it names that is more than
 * nothing. SAM writes `security: [{ MyAuthorizer: [] }]`; an empty requirement `{}` means no auth.
 */
function securityNeed(security: unknown, schemes: Record<string, unknown>): string | undefined {
  if (!Array.isArray(security)) return undefined;
  for (const requirement of security) {
    for (const name of Object.keys(objectOr(requirement))) {
      const scheme = objectOr(Object.hasOwn(schemes, name) ? schemes[name] : undefined);
      const authType = String(scheme['x-amazon-apigateway-authtype'] ?? '').toLowerCase();
      const authorizer = objectOr(scheme['x-amazon-apigateway-authorizer']);
      if (authType === 'awssigv4') return 'AWS_IAM authorization';
      if (authType === 'cognito_user_pools') return `the Cognito user pool authorizer '${name}'`;
      if (authorizer.type === 'jwt') return `the JWT authorizer '${name}'`;
      if (Object.keys(authorizer).length > 0 || authType === 'custom') return `the Lambda authorizer '${name}'`;
      if (scheme.type === 'apiKey') return `an API key ('${name}')`;
      return `the authorizer '${name}'`;
    }
  }
  return undefined;
}

/** The value when it is a plain object, else an empty one. */
export function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
