import type { CloudContext, ServiceRequest } from '../plugin.ts';
import type { Identity } from './identity-store.ts';
import { ServiceError } from '../service-error.ts';
import { evaluatePolicies } from './policy-evaluation.ts';

/** Condition keys a route adds for one request, besides the global ones (`aws:PrincipalArn`, `aws:RequestedRegion`). */
export type ConditionEntries = Iterable<readonly [key: string, value: string | readonly string[] | undefined]>;

/** How one operation is authorized: its IAM action, the resource it acts on, and the condition keys it brings. */
export interface IamBinding<I> {
  /** `service:Operation`. */
  action: string;
  /** The resource ARN; `*` for operations that name none (List*, Create* of account-level things). */
  resource(input: I): string;
  /** Condition keys of the request, e.g. `lambda:CodeSigningConfigArn`; undefined values are absent keys. */
  conditions?(input: I): ConditionEntries;
}

/** The table of one service: operation → binding, and the code its denials carry. */
export interface IamTable<K, I> {
  /** Throws the service's AccessDenied unless the caller's policies allow the operation on its resource. */
  authorize(request: ServiceRequest, ctx: CloudContext, operation: K, input: I): void;
}

/**
 * A service's IAM table. A new route adds one line: `[operation, 'svc:Action', resource, conditions?]`.
 * An operation missing from the table is refused (a route nobody declared grants nothing).
 */
export function iamTable<K, I>(
  deniedCode: 'AccessDeniedException' | 'AccessDenied',
  rows: readonly (readonly [K, string, (input: I) => string, ((input: I) => ConditionEntries)?])[],
): IamTable<K, I> {
  const bindings = new Map<K, IamBinding<I>>(
    rows.map(([operation, action, resource, conditions]) => [
      operation,
      { action, resource, ...(conditions ? { conditions } : {}) },
    ]),
  );
  return {
    authorize(request, ctx, operation, input) {
      const binding = bindings.get(operation);
      if (!binding) throw new ServiceError(deniedCode, 403, 'The operation has no IAM action; nobody may call it.');
      authorizeAction(request, ctx, deniedCode, binding.action, binding.resource(input), binding.conditions?.(input));
    },
  };
}

/** Evaluates the caller's identity policies for one action on one resource; throws AWS's AccessDenied. */
export function authorizeAction(
  request: ServiceRequest,
  ctx: CloudContext,
  deniedCode: string,
  action: string,
  resource: string,
  conditions: ConditionEntries = [],
): void {
  authorizeIdentity(request.caller, request.scope?.region ?? ctx.region, deniedCode, action, resource, conditions);
}

/** Evaluates an identity's policies for one action on one resource in `region` (calls the cloud makes on its behalf); throws AWS's AccessDenied. */
export function authorizeIdentity(
  caller: Identity | undefined,
  region: string,
  deniedCode: string,
  action: string,
  resource: string,
  conditions: ConditionEntries = [],
): void {
  if (!caller) throw new ServiceError(deniedCode, 403, 'Access Denied');
  const context = new Map<string, string | readonly string[]>([
    ['aws:principalarn', caller.arn],
    ['aws:requestedregion', region],
    ['aws:username', caller.name],
  ]);
  for (const [key, value] of conditions) if (value !== undefined) context.set(key.toLowerCase(), value);
  const decision = evaluatePolicies(caller.policies, { action, resource, context });
  if (decision === 'allow') return;
  const why =
    decision === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  throw new ServiceError(
    deniedCode,
    403,
    `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`,
  );
}
