import type Database from 'better-sqlite3';
import { parsePolicy, PolicyDocumentError } from '../../iam/policy-document.ts';
import { evaluatePolicies } from '../../iam/policy-evaluation.ts';
import { functionArn, parseFunctionRef, type ArnScope } from './lambda-arns.ts';
import { requireFunction } from './function-lookup.ts';
import { permissionStatements } from './permission-store.ts';

/** A service of the cloud calling a function on a resource's behalf (API Gateway for an API route). */
export interface ServiceInvoker {
  /** `apigateway.amazonaws.com`. */
  principal: string;
  /** The ARN of what calls: `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`. */
  sourceArn: string;
  sourceAccount: string;
}

/**
 * Whether the function's resource policy (the statements `AddPermission` and
 * `AWS::Lambda::Permission` wrote, on the qualifier invoked) lets a service invoke it: a statement
 * for that service principal (or `*`) allowing `lambda:InvokeFunction` whose conditions
 * (`ArnLike AWS:SourceArn`, `StringEquals AWS:SourceAccount`) hold, and none denying it, as IAM
 * evaluates them. Throws Lambda's ResourceNotFoundException for a function that does not exist.
 */
export function resourcePolicyAllows(
  db: Database.Database,
  scope: ArnScope,
  target: string,
  invoker: ServiceInvoker,
): boolean {
  return resourcePolicyAllowsAction(db, scope, target, {
    principal: invoker.principal,
    action: 'lambda:InvokeFunction',
    context: new Map([
      ['aws:sourcearn', invoker.sourceArn],
      ['aws:sourceaccount', invoker.sourceAccount],
    ]),
  });
}

/** One request a resource policy is asked about: who, which action, with which condition keys (lower-case). */
export interface ResourcePolicyQuestion {
  /** A service principal, or `*` for anyone (a function URL's public callers). */
  principal: string;
  action: string;
  context: ReadonlyMap<string, string>;
}

/** Whether the function's resource policy allows `question` on the qualifier `target` names. */
export function resourcePolicyAllowsAction(
  db: Database.Database,
  scope: ArnScope,
  target: string,
  question: ResourcePolicyQuestion,
): boolean {
  const ref = parseFunctionRef(target);
  if (!ref) return false;
  requireFunction(db, scope, ref.name);
  const statements = permissionStatements(db, ref.name, ref.qualifier).filter((statement) =>
    namesPrincipal(statement, question.principal),
  );
  if (statements.length === 0) return false;
  let policy;
  try {
    const withoutPrincipal = statements.map((statement) => {
      const { Principal: _principal, ...rest } = statement as Record<string, unknown>;
      return rest;
    });
    policy = parsePolicy({ Version: '2012-10-17', Statement: withoutPrincipal });
  } catch (error) {
    if (error instanceof PolicyDocumentError) return false;
    throw error;
  }
  const resource = functionArn(scope, ref.name, ref.qualifier);
  return evaluatePolicies([policy], { action: question.action, resource, context: question.context }) === 'allow';
}

/** Whether a statement's Principal is `*` or names the service (`*` asks for statements open to anyone). */
function namesPrincipal(statement: unknown, service: string): boolean {
  const principal = (statement as { Principal?: unknown }).Principal;
  if (principal === '*') return true;
  if (service === '*') return false;
  if (typeof principal !== 'object' || principal === null) return false;
  const { Service: services, AWS: accounts } = principal as { Service?: unknown; AWS?: unknown };
  const list = (value: unknown) => (Array.isArray(value) ? value : [value]);
  return list(services).includes(service) || list(accounts).includes('*');
}
