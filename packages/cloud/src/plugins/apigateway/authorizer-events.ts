import type { LambdaAuthorizer } from './api-model.ts';
import { proxyEventV1, proxyEventV2, type EventInput } from './proxy-events.ts';

/** `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`: what an authorizer's policy is evaluated against. */
export function methodArn(input: EventInput, region: string): string {
  const path = input.rawPath.replace(/\/+$/, '') || '/';
  return `arn:aws:execute-api:${region}:${input.accountId}:${input.api.id}/${input.stage.name}/${input.parts.method}${path === '/' ? '/' : path}`;
}

/**
 * The values of an authorizer's identity sources, in order; undefined for one the request lacks
 * (or has empty). REST names them `method.request.header.X`, `method.request.querystring.X`,
 * `stageVariables.X`, `context.X`; HTTP APIs `$request.header.X`, `$request.querystring.X`,
 * `$stageVariables.X`, `$context.X`.
 */
export function identityValues(authorizer: LambdaAuthorizer, input: EventInput): (string | undefined)[] {
  return authorizer.identitySources.map((source) => {
    const value = identityValue(source.replace(/^\$/, ''), input);
    return value === '' ? undefined : value;
  });
}

function identityValue(source: string, input: EventInput): string | undefined {
  const match = /^(?:method\.)?request\.(header|multivalueheader|querystring|multivaluequerystring)\.(.+)$/i.exec(
    source,
  );
  if (match) {
    const [, where = '', name = ''] = match;
    if (/header$/i.test(where)) {
      const found = input.parts.headers.find(([header]) => header.toLowerCase() === name.toLowerCase());
      return found?.[1].join(',');
    }
    return input.parts.query.find(([query]) => query === name)?.[1].join(',');
  }
  const stageVariable = /^stageVariables\.(.+)$/.exec(source)?.[1];
  if (stageVariable !== undefined)
    return Object.hasOwn(input.stage.variables, stageVariable) ? input.stage.variables[stageVariable] : undefined;
  const context = /^context\.(.+)$/.exec(source)?.[1];
  if (context === 'identity.sourceIp') return input.parts.sourceIp;
  if (context === 'identity.userAgent') return input.parts.userAgent;
  if (context === 'httpMethod') return input.parts.method;
  if (context === 'stage') return input.stage.name;
  if (context === 'requestId') return input.requestId;
  return undefined;
}

/**
 * The event an authorizer function gets, as API Gateway sends it: REST TOKEN
 * `{type, authorizationToken, methodArn}`; REST REQUEST the request as a format 1.0 event
 * without its body, with `type` and `methodArn`; HTTP API format 1.0 the same with `identitySource`
 * and `authorizationToken` (the values joined by commas); format 2.0 the request as a 2.0 event
 * without its body, with `type`, `routeArn` and `identitySource` (a list).
 */
export function authorizerEvent(
  authorizer: LambdaAuthorizer,
  input: EventInput,
  region: string,
  values: readonly (string | undefined)[],
): Record<string, unknown> {
  const arn = methodArn(input, region);
  const present = values.filter((value): value is string => value !== undefined);
  if (authorizer.type === 'TOKEN') return { type: 'TOKEN', authorizationToken: present[0] ?? '', methodArn: arn };
  const withoutBody = { ...input, body: Buffer.alloc(0) };
  if (authorizer.payloadFormat === '2.0') {
    const { body: _body, isBase64Encoded: _encoded, ...event } = proxyEventV2(withoutBody);
    return { ...event, type: 'REQUEST', routeArn: arn, identitySource: present };
  }
  const { body: _body, isBase64Encoded: _encoded, ...event } = proxyEventV1(withoutBody);
  const http =
    input.api.kind === 'http' ? { identitySource: present.join(','), authorizationToken: present.join(',') } : {};
  return { type: 'REQUEST', methodArn: arn, ...http, ...event };
}
