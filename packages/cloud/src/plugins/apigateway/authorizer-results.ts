import { parsePolicy, PolicyDocumentError, type PolicyDocument } from '../../iam/policy-document.ts';
import { evaluatePolicies } from '../../iam/policy-evaluation.ts';
import type { LambdaAuthorizer } from './api-model.ts';

/** What an authorizer answered, kept (and cached) until it is applied to one request's method ARN. */
export type AuthorizerResult =
  | { kind: 'policy'; principalId?: string; policy: PolicyDocument; context: Record<string, unknown> }
  | { kind: 'simple'; isAuthorized: boolean; context: Record<string, unknown> };

/** The decision for one request: allowed with the context the integration sees, or refused. */
export type AuthorizerDecision =
  { kind: 'allow'; principalId?: string; context: Record<string, unknown> } | { kind: 'deny'; explicit: boolean };

/**
 * Reads an authorizer function's answer, or undefined when API Gateway would call it a
 * configuration error: simple responses need a boolean `isAuthorized`; otherwise a
 * `policyDocument` IAM policy (REST authorizers also a `principalId`), and REST `context`
 * values must be strings, numbers or booleans.
 */
export function readAuthorizerResult(
  authorizer: LambdaAuthorizer,
  payload: Buffer,
  rest: boolean,
): AuthorizerResult | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
  const fields = answer as Record<string, unknown>;
  const context = contextOf(fields.context, rest);
  if (!context) return undefined;
  if (authorizer.simpleResponses) {
    if (typeof fields.isAuthorized !== 'boolean') return undefined;
    return { kind: 'simple', isAuthorized: fields.isAuthorized, context };
  }
  const principalId = fields.principalId;
  if (rest ? typeof principalId !== 'string' : principalId !== undefined && typeof principalId !== 'string')
    return undefined;
  let policy: PolicyDocument;
  try {
    policy = parsePolicy(fields.policyDocument);
  } catch (error) {
    if (error instanceof PolicyDocumentError) return undefined;
    throw error;
  }
  return { kind: 'policy', ...(typeof principalId === 'string' ? { principalId } : {}), policy, context };
}

/** A (cached) result applied to the method ARN of this request, as API Gateway evaluates the policy each time. */
export function decide(result: AuthorizerResult, methodArn: string): AuthorizerDecision {
  if (result.kind === 'simple')
    return result.isAuthorized ? { kind: 'allow', context: result.context } : { kind: 'deny', explicit: false };
  const decision = evaluatePolicies([result.policy], {
    action: 'execute-api:Invoke',
    resource: methodArn,
    context: new Map(),
  });
  if (decision === 'allow')
    return {
      kind: 'allow',
      ...(result.principalId !== undefined ? { principalId: result.principalId } : {}),
      context: result.context,
    };
  return { kind: 'deny', explicit: decision === 'explicit-deny' };
}

/** The `context` map (a record without prototype), or undefined when a REST one holds an object or a list. */
function contextOf(value: unknown, rest: boolean): Record<string, unknown> | undefined {
  const context = Object.create(null) as Record<string, unknown>;
  if (value === undefined || value === null) return context;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (rest && item !== null && typeof item === 'object') return undefined;
    context[key] = item;
  }
  return context;
}
