import type { ApiIntegration, IntegrationResponse, LambdaAuthorizer, RouteAuth } from './api-model.ts';
import { cognitoAuthorizer, jwtAuthorizer } from './authorizer-definitions.ts';
import { textOf } from './definition-parts.ts';
import { objectOr } from './openapi-routes.ts';

/** `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations`. */
const LAMBDA_INVOCATION_URI = /^arn:aws[a-z-]*:apigateway:[^:]*:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
/** A function ARN, as HTTP APIs (and quick-create `Target`s) may name their integration directly. */
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:\d{12}:function:[^/]+$/;

/** What API Gateway's integration types are, in words for the 501 the local cloud answers for them. */
const UNSUPPORTED_TYPES: ReadonlyMap<string, string> = new Map([
  ['aws', 'a non-proxy AWS integration (mapping templates)'],
  ['http', 'an HTTP integration'],
  ['http_proxy', 'an HTTP proxy integration'],
  ['vpc_link', 'a VPC link integration'],
]);

/** An integration as its definition words it (OpenAPI extension, Method `Integration`, V2 `Integration`). */
export interface IntegrationFields {
  type: unknown;
  uri: unknown;
  payloadFormat?: unknown;
  credentials?: unknown;
  requestTemplates?: unknown;
  responses?: readonly IntegrationResponse[];
}

/** The function a Lambda invocation URI (or a bare function ARN) names, or undefined. */
export function lambdaTargetOf(uri: unknown): string | undefined {
  const text = typeof uri === 'string' ? uri : '';
  return LAMBDA_INVOCATION_URI.exec(text)?.[1] ?? (FUNCTION_ARN.test(text) ? text : undefined);
}

/**
 * The integration an API route runs, from its type, URI and payload format version (an OpenAPI
 * `x-amazon-apigateway-integration`, a Method's `Integration` or a V2 `Integration` resource).
 */
export function integrationOf(fields: IntegrationFields, defaultFormat: '1.0' | '2.0'): ApiIntegration {
  const kind = typeof fields.type === 'string' ? fields.type.toLowerCase() : '';
  if (kind === 'mock')
    return { kind: 'mock', requestTemplates: textMap(fields.requestTemplates), responses: fields.responses ?? [] };
  if (kind !== 'aws_proxy') {
    const what =
      UNSUPPORTED_TYPES.get(kind) ?? (kind ? `an integration of type ${kind.toUpperCase()}` : 'no integration');
    return { kind: 'unsupported', what };
  }
  const target = lambdaTargetOf(fields.uri);
  if (target === undefined) {
    const text = typeof fields.uri === 'string' ? fields.uri : '';
    return { kind: 'unsupported', what: `an AWS service proxy integration other than Lambda (${text || 'no URI'})` };
  }
  const format =
    fields.payloadFormat === '1.0' || fields.payloadFormat === '2.0' ? fields.payloadFormat : defaultFormat;
  const credentials = textOf(fields.credentials);
  return {
    kind: 'lambda-proxy',
    functionTarget: target,
    payloadFormat: format,
    ...(credentials ? { credentials } : {}),
  };
}

/** A Method's `IntegrationResponses` (CloudFormation's words). */
export function methodIntegrationResponses(value: unknown): IntegrationResponse[] {
  const list = Array.isArray(value) ? value : [];
  return list.map((item) => {
    const fields = objectOr(item);
    const pattern = textOf(fields.SelectionPattern);
    return {
      ...(pattern ? { selectionPattern: pattern } : {}),
      statusCode: textOf(fields.StatusCode) ?? '200',
      parameters: textMap(fields.ResponseParameters),
      templates: textMap(fields.ResponseTemplates),
    };
  });
}

/** An OpenAPI integration's `responses`: selection pattern (or `default`) → response. */
export function openApiIntegrationResponses(value: unknown): IntegrationResponse[] {
  return Object.entries(objectOr(value)).map(([pattern, item]) => {
    const fields = objectOr(item);
    return {
      ...(pattern === 'default' ? {} : { selectionPattern: pattern }),
      statusCode: textOf(fields.statusCode) ?? '200',
      parameters: textMap(fields.responseParameters),
      templates: textMap(fields.responseTemplates),
    };
  });
}

/** What a method's or route's authorization type needs, or undefined when it needs nothing (NONE). */
export function routeAuthOf(
  type: unknown,
  authorizerId: unknown,
  authorizers: ReadonlyMap<string, LambdaAuthorizer | string>,
): RouteAuth | undefined {
  const kind = typeof type === 'string' ? type.toUpperCase() : 'NONE';
  if (kind === 'NONE' || kind === '') return undefined;
  if (kind === 'AWS_IAM') return { kind: 'iam' };
  const id = textOf(authorizerId) ?? '';
  const found = authorizers.get(id);
  if (typeof found === 'object') return { kind: 'lambda', authorizer: found };
  if (typeof found === 'string') return { kind: 'unsupported', what: found };
  if (kind === 'COGNITO_USER_POOLS') return { kind: 'unsupported', what: cognitoAuthorizer(id) };
  if (kind === 'JWT') return { kind: 'unsupported', what: jwtAuthorizer(id) };
  return { kind: 'unsupported', what: `the Lambda authorizer '${id}' (no such authorizer in the API)` };
}

/** A map of text values (templates, parameters), names kept out of any plain object. */
function textMap(value: unknown): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, item] of Object.entries(objectOr(value))) {
    const text = textOf(item);
    if (text !== undefined) map.set(name, text);
  }
  return map;
}
