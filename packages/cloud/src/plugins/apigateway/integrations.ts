import type { ApiIntegration } from './api-model.ts';

/** `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations`. */
const LAMBDA_INVOCATION_URI = /^arn:aws[a-z-]*:apigateway:[^:]*:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
/** A function ARN, as HTTP APIs (and quick-create `Target`s) may name their integration directly. */
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:\d{12}:function:[^/]+$/;

/** What API Gateway's integration types are, in words for the 501 the local cloud answers for them. */
const UNSUPPORTED_TYPES: ReadonlyMap<string, string> = new Map([
  ['aws', 'a non-proxy AWS integration (mapping templates)'],
  ['http', 'an HTTP integration'],
  ['http_proxy', 'an HTTP proxy integration'],
  ['mock', 'a mock integration'],
  ['vpc_link', 'a VPC link integration'],
]);

/**
 * The integration an API route runs, from its type, URI and payload format version (an OpenAPI
 * `x-amazon-apigateway-integration`, a Method's `Integration` or a V2 `Integration` resource).
 */
export function integrationOf(
  type: unknown,
  uri: unknown,
  payloadFormat: unknown,
  defaultFormat: '1.0' | '2.0',
): ApiIntegration {
  const kind = typeof type === 'string' ? type.toLowerCase() : '';
  if (kind !== 'aws_proxy') {
    const what =
      UNSUPPORTED_TYPES.get(kind) ?? (kind ? `an integration of type ${kind.toUpperCase()}` : 'no integration');
    return { kind: 'unsupported', what };
  }
  const text = typeof uri === 'string' ? uri : '';
  const target = LAMBDA_INVOCATION_URI.exec(text)?.[1] ?? (FUNCTION_ARN.test(text) ? text : undefined);
  if (target === undefined)
    return { kind: 'unsupported', what: `an AWS service proxy integration other than Lambda (${text || 'no URI'})` };
  const format = payloadFormat === '1.0' || payloadFormat === '2.0' ? payloadFormat : defaultFormat;
  return { kind: 'lambda-proxy', functionTarget: target, payloadFormat: format };
}

/** What a method's or route's authorization type needs, or undefined when it needs nothing (NONE). */
export function authorizationNeed(type: unknown, authorizerName?: string): string | undefined {
  const kind = typeof type === 'string' ? type.toUpperCase() : 'NONE';
  if (kind === 'NONE' || kind === '') return undefined;
  const named = authorizerName ? ` '${authorizerName}'` : '';
  if (kind === 'AWS_IAM') return 'AWS_IAM authorization';
  if (kind === 'COGNITO_USER_POOLS') return `the Cognito user pool authorizer${named}`;
  if (kind === 'JWT') return `the JWT authorizer${named}`;
  return `the Lambda authorizer${named}`;
}
