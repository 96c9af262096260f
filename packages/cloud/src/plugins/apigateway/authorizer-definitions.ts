import { createHash } from 'node:crypto';
import type { DeployedStackResource } from '../cloudformation/deployed-resources.ts';
import type { LambdaAuthorizer } from './api-model.ts';
import { textOf } from './definition-parts.ts';
import { lambdaTargetOf } from './integrations.ts';
import { objectOr } from './openapi-routes.ts';

/** Why token-checking authorizers stay out: their tokens are checked against an identity provider. */
const NO_IDENTITY_PROVIDER = '(the local cloud has no identity provider to check its tokens against)';

/** Words for a Cognito user pool authorizer, for the 501 its routes answer. */
export function cognitoAuthorizer(name: string): string {
  return `the Cognito user pool authorizer '${name}' ${NO_IDENTITY_PROVIDER}`;
}

/** Words for a JWT authorizer, for the 501 its routes answer. */
export function jwtAuthorizer(name: string): string {
  return `the JWT authorizer '${name}' ${NO_IDENTITY_PROVIDER}`;
}

/** REST authorizers cache for 300 s unless told otherwise; HTTP API ones do not cache unless told. */
const DEFAULT_TTL = { rest: 300, http: 0 } as const;

/**
 * The Lambda authorizer an OpenAPI security scheme defines (`x-amazon-apigateway-authorizer`, as
 * SAM writes `Auth.Authorizers`), words for one the local cloud does not run, or undefined when the
 * scheme is no authorizer. Its id is derived from the API and the name, as API Gateway gives one at import.
 */
export function openApiAuthorizer(
  name: string,
  scheme: Record<string, unknown>,
  kind: 'rest' | 'http',
  apiId: string,
): LambdaAuthorizer | string | undefined {
  const authType = String(scheme['x-amazon-apigateway-authtype'] ?? '').toLowerCase();
  const fields = objectOr(scheme['x-amazon-apigateway-authorizer']);
  const type = String(fields.type ?? '').toLowerCase();
  if (authType === 'cognito_user_pools' || type === 'cognito_user_pools') return cognitoAuthorizer(name);
  if (type === 'jwt') return jwtAuthorizer(name);
  if (Object.keys(fields).length === 0 && authType !== 'custom') return undefined;
  const tokenHeader = textOf(scheme.name) ?? 'Authorization';
  return lambdaAuthorizer(name, derivedId(apiId, name), kind, {
    type: type === 'token' ? 'TOKEN' : type === 'request' ? 'REQUEST' : type,
    uri: fields.authorizerUri,
    identitySource: fields.identitySource ?? (type === 'token' ? `method.request.header.${tokenHeader}` : undefined),
    validationExpression: fields.identityValidationExpression,
    ttl: fields.authorizerResultTtlInSeconds,
    payloadFormat: fields.authorizerPayloadFormatVersion,
    simpleResponses: fields.enableSimpleResponses,
    credentials: fields.authorizerCredentials,
  });
}

/** `AWS::ApiGateway::Authorizer` / `AWS::ApiGatewayV2::Authorizer` resources, by the id their `Ref` gives. */
export function authorizerResources(
  parts: readonly DeployedStackResource[],
  kind: 'rest' | 'http',
): Map<string, LambdaAuthorizer | string> {
  const found = new Map<string, LambdaAuthorizer | string>();
  const resourceType = kind === 'rest' ? 'AWS::ApiGateway::Authorizer' : 'AWS::ApiGatewayV2::Authorizer';
  for (const part of parts) {
    if (part.type !== resourceType) continue;
    const p = part.properties;
    const id = textOf(part.attributes.AuthorizerId) ?? part.physicalId ?? '';
    const name = textOf(p.Name) ?? id;
    const type = (textOf(kind === 'rest' ? p.Type : p.AuthorizerType) ?? '').toUpperCase();
    if (type === 'COGNITO_USER_POOLS') found.set(id, cognitoAuthorizer(name));
    else if (type === 'JWT') found.set(id, jwtAuthorizer(name));
    else
      found.set(
        id,
        lambdaAuthorizer(name, id, kind, {
          type,
          uri: p.AuthorizerUri,
          identitySource: p.IdentitySource,
          validationExpression: p.IdentityValidationExpression,
          ttl: p.AuthorizerResultTtlInSeconds,
          payloadFormat: p.AuthorizerPayloadFormatVersion,
          simpleResponses: p.EnableSimpleResponses,
          credentials: kind === 'rest' ? p.AuthorizerCredentials : p.AuthorizerCredentialsArn,
        }),
      );
  }
  return found;
}

interface AuthorizerFields {
  type: string;
  uri: unknown;
  identitySource: unknown;
  validationExpression: unknown;
  ttl: unknown;
  payloadFormat: unknown;
  simpleResponses: unknown;
  credentials: unknown;
}

function lambdaAuthorizer(
  name: string,
  id: string,
  kind: 'rest' | 'http',
  fields: AuthorizerFields,
): LambdaAuthorizer | string {
  if (fields.type !== 'TOKEN' && fields.type !== 'REQUEST')
    return `the authorizer '${name}' of type ${fields.type || 'none'}`;
  const functionTarget = lambdaTargetOf(fields.uri);
  if (functionTarget === undefined) return `the Lambda authorizer '${name}' (its URI names no Lambda function)`;
  const ttl = Number(textOf(fields.ttl) ?? DEFAULT_TTL[kind]);
  const validation = textOf(fields.validationExpression);
  const credentials = textOf(fields.credentials);
  return {
    name,
    id,
    type: fields.type,
    functionTarget,
    identitySources: identitySources(fields.identitySource),
    ...(validation ? { validationExpression: validation } : {}),
    ttlSeconds: Number.isFinite(ttl) && ttl > 0 ? Math.min(ttl, 3600) : 0,
    payloadFormat: kind === 'http' && textOf(fields.payloadFormat) === '2.0' ? '2.0' : '1.0',
    simpleResponses: kind === 'http' && (fields.simpleResponses === true || fields.simpleResponses === 'true'),
    ...(credentials ? { credentials } : {}),
  };
}

/** Identity sources given as a list or as one comma-separated text. */
function identitySources(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items.map((item) => String(item).trim()).filter((item) => item !== '');
}

/** A stable 6-character id for an authorizer an OpenAPI body defines. */
function derivedId(apiId: string, name: string): string {
  const digest = createHash('sha256').update(`${apiId}/${name}`).digest();
  return [...digest.subarray(0, 6)].map((byte) => 'abcdefghijklmnopqrstuvwxyz0123456789'[byte % 36]).join('');
}
