import { randomUUID } from 'node:crypto';
import { functionArn } from './lambda-arns.ts';
import { resourceConflict, resourceNotFound, revisionMismatch, validationError } from './lambda-errors.ts';
import { optionalString, requiredString } from './input-fields.ts';
import { functionRefOf, qualifierOf, requireFunction, requireVersion } from './function-lookup.ts';
import { putVersion } from './function-store.ts';
import type { CloudContext } from '../../plugin.ts';
import type { LambdaHandler } from './lambda-call.ts';
import { findAlias, setAliasRevision } from './alias-store.ts';
import { deletePermission, hasPermission, insertPermission, permissionStatements } from './permission-store.ts';

/** POST /2015-03-31/functions/{FunctionName}/policy → 201 with the statement as a JSON string. */
export const addPermission: LambdaHandler = ({ params, query, body, ctx }) => {
  const ref = functionRefOf(params.FunctionName);
  const qualifier = qualifierOf(ref, query);
  const sid = requiredString(body, 'StatementId', 'statementId');
  if (!/^[a-zA-Z0-9_-]{1,100}$/.test(sid))
    throw validationError(
      `'${sid}'`,
      'statementId',
      'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)',
    );
  const action = requiredString(body, 'Action', 'action');
  const principal = requiredString(body, 'Principal', 'principal');
  const revisionId = optionalString(body, 'RevisionId', 'revisionId');
  const statement = buildStatement(functionArn(ctx, ref.name, qualifier), sid, action, principal, body);
  ctx.db.transaction(() => {
    requireFunction(ctx.db, ctx, ref.name);
    const current = revisionOf(ctx, ref.name, qualifier);
    if (revisionId !== undefined && revisionId !== current) throw revisionMismatch('GetPolicy');
    if (hasPermission(ctx.db, ref.name, qualifier, sid))
      throw resourceConflict(
        `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      );
    insertPermission(ctx.db, ref.name, qualifier, sid, statement);
    bumpRevision(ctx, ref.name, qualifier);
  })();
  return { status: 201, body: { Statement: JSON.stringify(statement) } };
};

/** DELETE /2015-03-31/functions/{FunctionName}/policy/{StatementId} → 204. */
export const removePermission: LambdaHandler = ({ params, query, ctx }) => {
  const ref = functionRefOf(params.FunctionName);
  const qualifier = qualifierOf(ref, query);
  const sid = params.StatementId ?? '';
  const revisionId = query.get('RevisionId') ?? undefined;
  ctx.db.transaction(() => {
    requireFunction(ctx.db, ctx, ref.name);
    const current = revisionOf(ctx, ref.name, qualifier);
    if (revisionId !== undefined && revisionId !== current) throw revisionMismatch('GetPolicy');
    if (permissionStatements(ctx.db, ref.name, qualifier).length === 0)
      throw resourceNotFound('No policy is associated with the given resource.');
    if (!deletePermission(ctx.db, ref.name, qualifier, sid))
      throw resourceNotFound(`Statement ${sid} is not found in resource policy.`);
    bumpRevision(ctx, ref.name, qualifier);
  })();
  return { status: 204 };
};

/** GET /2015-03-31/functions/{FunctionName}/policy: the policy document as a JSON string, as Lambda returns it. */
export const getPolicy: LambdaHandler = ({ params, query, ctx }) => {
  const ref = functionRefOf(params.FunctionName);
  const qualifier = qualifierOf(ref, query);
  requireFunction(ctx.db, ctx, ref.name);
  const revisionId = revisionOf(ctx, ref.name, qualifier);
  const statements = permissionStatements(ctx.db, ref.name, qualifier);
  if (statements.length === 0) throw resourceNotFound('The resource you requested does not exist.');
  const policy = { Version: '2012-10-17', Id: 'default', Statement: statements };
  return { status: 200, body: { Policy: JSON.stringify(policy), RevisionId: revisionId } };
};

/** The RevisionId a policy change is checked against and renews: the version's, or the alias's. */
function revisionOf(ctx: CloudContext, name: string, qualifier: string | undefined): string {
  const target = requireVersion(ctx.db, ctx, name, qualifier);
  if (target.aliasName !== undefined) {
    return findAlias(ctx.db, name, target.aliasName)?.revision_id ?? '';
  }
  return target.config.RevisionId;
}

function bumpRevision(ctx: CloudContext, name: string, qualifier: string | undefined): void {
  const target = requireVersion(ctx.db, ctx, name, qualifier);
  if (target.aliasName !== undefined) {
    setAliasRevision(ctx.db, name, target.aliasName, randomUUID());
    return;
  }
  putVersion(ctx.db, name, { ...target, config: { ...target.config, RevisionId: randomUUID() } });
}

function buildStatement(
  resource: string,
  sid: string,
  action: string,
  principal: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const statement: Record<string, unknown> = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principalOf(principal),
    Action: action,
    Resource: resource,
  };
  const conditions: Record<string, Record<string, string>> = {};
  const sourceAccount = optionalString(body, 'SourceAccount', 'sourceAccount');
  const sourceArn = optionalString(body, 'SourceArn', 'sourceArn');
  const orgId = optionalString(body, 'PrincipalOrgID', 'principalOrgID');
  const eventSourceToken = optionalString(body, 'EventSourceToken', 'eventSourceToken');
  const urlAuthType = optionalString(body, 'FunctionUrlAuthType', 'functionUrlAuthType');
  if (sourceAccount !== undefined)
    conditions.StringEquals = { ...conditions.StringEquals, 'AWS:SourceAccount': sourceAccount };
  if (orgId !== undefined) conditions.StringEquals = { ...conditions.StringEquals, 'aws:PrincipalOrgID': orgId };
  if (eventSourceToken !== undefined)
    conditions.StringEquals = { ...conditions.StringEquals, 'lambda:EventSourceToken': eventSourceToken };
  if (urlAuthType !== undefined)
    conditions.StringEquals = { ...conditions.StringEquals, 'lambda:FunctionUrlAuthType': urlAuthType };
  if (sourceArn !== undefined) conditions.ArnLike = { 'AWS:SourceArn': sourceArn };
  if (Object.keys(conditions).length > 0) statement.Condition = conditions;
  return statement;
}

/** Lambda's rendering of a Principal: services by name, accounts as root ARNs, `*` as is. */
function principalOf(principal: string): unknown {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}
