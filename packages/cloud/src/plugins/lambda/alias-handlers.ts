import { randomUUID } from 'node:crypto';
import { functionArn, type ArnScope } from './lambda-arns.ts';
import {
  aliasNotFound,
  functionNotFound,
  resourceConflict,
  resourceNotFound,
  revisionMismatch,
  validationError,
} from './lambda-errors.ts';
import { maxItems, optionalObject, optionalString, requiredString } from './input-fields.ts';
import { functionRefOf, requireFunction } from './function-lookup.ts';
import { findVersion } from './function-store.ts';
import type { CloudContext } from '../../plugin.ts';
import type { LambdaHandler } from './lambda-call.ts';
import { deleteAliasRow, findAlias, insertAlias, listAliasRows, updateAliasRow, type AliasRow } from './alias-store.ts';

/** POST /2015-03-31/functions/{FunctionName}/aliases → 201. */
export const createAlias: LambdaHandler = ({ params, body, ctx }) => {
  const { name: fnName } = functionRefOf(params.FunctionName);
  const name = aliasNameOf(requiredString(body, 'Name', 'name'));
  const version = requiredString(body, 'FunctionVersion', 'functionVersion');
  const description = optionalString(body, 'Description', 'description', 256) ?? '';
  const routing = optionalObject(body, 'RoutingConfig', 'routingConfig');
  const row = ctx.db.transaction((): AliasRow => {
    requireFunction(ctx.db, ctx, fnName);
    requireTargetVersion(ctx, fnName, version);
    if (findAlias(ctx.db, fnName, name))
      throw resourceConflict(`Alias already exists: ${functionArn(ctx, fnName, name)}`);
    const alias: AliasRow = {
      name,
      function_version: version,
      description,
      routing_config: routing ? JSON.stringify(routing) : null,
      revision_id: randomUUID(),
    };
    insertAlias(ctx.db, fnName, alias);
    return alias;
  })();
  return { status: 201, body: renderAlias(ctx, fnName, row) };
};

/** GET /2015-03-31/functions/{FunctionName}/aliases/{Name}. */
export const getAlias: LambdaHandler = ({ params, ctx }) => {
  const { name: fnName } = functionRefOf(params.FunctionName);
  requireFunction(ctx.db, ctx, fnName);
  return { status: 200, body: renderAlias(ctx, fnName, requireAlias(ctx, fnName, params.Name ?? '')) };
};

/** PUT /2015-03-31/functions/{FunctionName}/aliases/{Name}: only the members given change. */
export const updateAlias: LambdaHandler = ({ params, body, ctx }) => {
  const { name: fnName } = functionRefOf(params.FunctionName);
  const version = optionalString(body, 'FunctionVersion', 'functionVersion');
  const description = optionalString(body, 'Description', 'description', 256);
  const routing = optionalObject(body, 'RoutingConfig', 'routingConfig');
  const revisionId = optionalString(body, 'RevisionId', 'revisionId');
  const row = ctx.db.transaction((): AliasRow => {
    requireFunction(ctx.db, ctx, fnName);
    const current = requireAlias(ctx, fnName, params.Name ?? '');
    if (revisionId !== undefined && revisionId !== current.revision_id) throw revisionMismatch('GetFunction/GetAlias');
    if (version !== undefined) requireTargetVersion(ctx, fnName, version);
    const next: AliasRow = {
      name: current.name,
      function_version: version ?? current.function_version,
      description: description ?? current.description,
      routing_config: routing ? JSON.stringify(routing) : current.routing_config,
      revision_id: randomUUID(),
    };
    updateAliasRow(ctx.db, fnName, next);
    return next;
  })();
  return { status: 200, body: renderAlias(ctx, fnName, row) };
};

/** DELETE /2015-03-31/functions/{FunctionName}/aliases/{Name} → 204. */
export const deleteAlias: LambdaHandler = ({ params, ctx }) => {
  const { name: fnName } = functionRefOf(params.FunctionName);
  const name = params.Name ?? '';
  ctx.db.transaction(() => {
    requireFunction(ctx.db, ctx, fnName);
    if (!findAlias(ctx.db, fnName, name)) throw resourceNotFound(`Alias not found: ${functionArn(ctx, fnName, name)}`);
    deleteAliasRow(ctx.db, fnName, name);
  })();
  return { status: 204 };
};

/** GET /2015-03-31/functions/{FunctionName}/aliases[?FunctionVersion=…]. */
export const listAliases: LambdaHandler = ({ params, query, ctx }) => {
  const { name: fnName } = functionRefOf(params.FunctionName);
  requireFunction(ctx.db, ctx, fnName);
  const version = query.get('FunctionVersion');
  const rows = listAliasRows(ctx.db, fnName).filter((row) => version === null || row.function_version === version);
  const limit = maxItems(query, 50);
  const marker = query.get('Marker');
  const start =
    marker === null ? 0 : rows.findIndex((row) => row.name === Buffer.from(marker, 'base64url').toString('utf8')) + 1;
  const page = rows.slice(start, start + limit);
  const reply: Record<string, unknown> = { Aliases: page.map((row) => renderAlias(ctx, fnName, row)) };
  const last = page.at(-1);
  if (start + limit < rows.length && last) reply.NextMarker = Buffer.from(last.name, 'utf8').toString('base64url');
  return { status: 200, body: reply };
};

function renderAlias(scope: ArnScope, fnName: string, row: AliasRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    AliasArn: functionArn(scope, fnName, row.name),
    Name: row.name,
    FunctionVersion: row.function_version,
    Description: row.description,
    RevisionId: row.revision_id,
  };
  if (row.routing_config !== null) out.RoutingConfig = JSON.parse(row.routing_config) as unknown;
  return out;
}

function requireAlias(ctx: CloudContext, fnName: string, name: string): AliasRow {
  const row = findAlias(ctx.db, fnName, name);
  if (!row) throw aliasNotFound(functionArn(ctx, fnName, name));
  return row;
}

function requireTargetVersion(ctx: CloudContext, fnName: string, version: string): void {
  if (!findVersion(ctx.db, fnName, version)) throw functionNotFound(functionArn(ctx, fnName, version));
}

function aliasNameOf(name: string): string {
  if (!/^[a-zA-Z0-9_-]{1,128}$/.test(name) || /^\d+$/.test(name)) {
    throw validationError(
      `'${name}'`,
      'name',
      'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)',
    );
  }
  return name;
}
