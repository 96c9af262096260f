import { conditionHolds, wildcardMatch, type ConditionContext } from './policy-conditions.ts';
import type { PolicyDocument, PolicyStatement } from './policy-document.ts';

/** One request as IAM sees it: the action, the resource ARN and the condition keys. */
export interface AuthorizationRequest {
  /** `service:Operation`, e.g. `lambda:CreateFunction`. */
  action: string;
  /** The resource ARN, or `*` for actions that name none. */
  resource: string;
  context: ConditionContext;
}

/** The outcome of evaluating identity policies: explicit deny wins over any allow. */
export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** Evaluates identity policies for one request, as IAM does within one account (no SCPs, boundaries or sessions). */
export function evaluatePolicies(policies: readonly PolicyDocument[], request: AuthorizationRequest): Decision {
  let allowed = false;
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (!applies(statement, request)) continue;
      if (statement.effect === 'Deny') return 'explicit-deny';
      allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function applies(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  const actionMatches = (patterns: readonly string[]) =>
    patterns.some((pattern) => wildcardMatch(pattern, request.action, true));
  const resourceMatches = (patterns: readonly string[]) =>
    patterns.some((pattern) => wildcardMatch(pattern, request.resource));
  if (statement.action ? !actionMatches(statement.action) : actionMatches(statement.notAction ?? [])) return false;
  if (statement.resource ? !resourceMatches(statement.resource) : resourceMatches(statement.notResource ?? []))
    return false;
  return statement.conditions.every((condition) => conditionHolds(condition, request.context));
}
