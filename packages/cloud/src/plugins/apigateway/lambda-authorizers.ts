import type { CloudContext } from '../../plugin.ts';
import type { LambdaAuthorizer } from './api-model.ts';
import { accessDenied, authorizerFailed, unauthorized } from './api-errors.ts';
import { AuthorizerCache, authorizerCacheKey } from './authorizer-cache.ts';
import { authorizerEvent, identityValues, methodArn } from './authorizer-events.ts';
import { decide, readAuthorizerResult, type AuthorizerResult } from './authorizer-results.ts';
import { logExecution } from './execution-log.ts';
import { invokeAsApiGateway, withStageVariables } from './invoke-as-api-gateway.ts';
import type { AuthorizedIdentity, EventInput } from './proxy-events.ts';

/**
 * Runs a route's Lambda authorizer as API Gateway does, before the integration: identity sources
 * checked (401 without the function), the result cached by their values for the TTL, the
 * function invoked only when its resource policy lets API Gateway (`…/authorizers/{id}`), its
 * policy evaluated against this request's method ARN. Answers what the integration's event
 * carries as `requestContext.authorizer`; throws API Gateway's 401, 403 or 500 otherwise.
 */
export async function runLambdaAuthorizer(
  authorizer: LambdaAuthorizer,
  input: EventInput,
  ctx: CloudContext,
  cache: AuthorizerCache,
): Promise<AuthorizedIdentity> {
  const { api, stage, requestId } = input;
  const log = (message: string) => logExecution(ctx, api.id, stage.name, requestId, message);
  const values = identityValues(authorizer, input);
  const present = values.filter((value): value is string => value !== undefined);
  if (authorizer.type === 'TOKEN') {
    const token = present[0];
    if (token === undefined || !validToken(authorizer, token)) {
      log(`Unauthorized request: ${requestId}`);
      throw unauthorized();
    }
  } else if (present.length < values.length && (api.kind === 'http' || authorizer.ttlSeconds > 0)) {
    log(`Unauthorized request: ${requestId} (missing identity source)`);
    throw unauthorized();
  }
  const now = ctx.now().getTime();
  const cacheable = authorizer.ttlSeconds > 0 && values.length > 0;
  const key = authorizerCacheKey(api, stage.name, authorizer.id, present);
  const started = Date.now();
  let result = cacheable ? cache.get(api, key, now) : undefined;
  const cached = result !== undefined;
  if (!result) {
    result = await invokeAuthorizer(authorizer, input, ctx, values, log);
    if (cacheable) cache.set(api, key, result, now + authorizer.ttlSeconds * 1000);
  }
  const decision = decide(result, methodArn(input, ctx.region));
  if (decision.kind === 'deny') {
    log(`The client is not authorized to perform this operation (authorizer ${authorizer.name}).`);
    throw accessDenied(api, decision.explicit);
  }
  return {
    ...(decision.principalId !== undefined ? { principalId: decision.principalId } : {}),
    context: decision.context,
    latencyMs: cached ? 0 : Date.now() - started,
  };
}

async function invokeAuthorizer(
  authorizer: LambdaAuthorizer,
  input: EventInput,
  ctx: CloudContext,
  values: readonly (string | undefined)[],
  log: (message: string) => void,
): Promise<AuthorizerResult> {
  const { api } = input;
  const event = authorizerEvent(authorizer, input, ctx.region, values);
  const sourceArn = `arn:aws:execute-api:${ctx.region}:${ctx.accountId}:${api.id}/authorizers/${authorizer.id}`;
  const outcome = await invokeAsApiGateway(ctx, {
    target: withStageVariables(authorizer.functionTarget, input.stage),
    sourceArn,
    ...(authorizer.credentials ? { credentials: authorizer.credentials } : {}),
    payload: Buffer.from(JSON.stringify(event)),
  });
  if (outcome.kind !== 'ran') {
    log(`Execution failed due to configuration error: ${outcome.why} (authorizer ${authorizer.name})`);
    throw authorizerFailed(api);
  }
  if (outcome.result.functionError) {
    if (errorMessageOf(outcome.result.payload) === 'Unauthorized') {
      log(`Unauthorized request: ${input.requestId}`);
      throw unauthorized();
    }
    log(`Execution failed due to configuration error: Authorizer error (authorizer ${authorizer.name})`);
    throw authorizerFailed(api);
  }
  const result = readAuthorizerResult(authorizer, outcome.result.payload, api.kind === 'rest');
  if (!result) {
    log(`Execution failed due to configuration error: Invalid authorizer response (authorizer ${authorizer.name})`);
    throw authorizerFailed(api);
  }
  return result;
}

/** TOKEN authorizers: the whole token must match the identity validation expression, when there is one. */
function validToken(authorizer: LambdaAuthorizer, token: string): boolean {
  if (authorizer.validationExpression === undefined) return true;
  try {
    return new RegExp(`^(?:${authorizer.validationExpression})$`).test(token);
  } catch {
    return false;
  }
}

function errorMessageOf(payload: Buffer): unknown {
  try {
    return (JSON.parse(payload.toString('utf8')) as { errorMessage?: unknown }).errorMessage;
  } catch {
    return undefined;
  }
}
