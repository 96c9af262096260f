import { randomBytes } from 'node:crypto';
import type { CloudContext } from '../../plugin.ts';
import { findAlias } from './alias-store.ts';
import { functionRefOf, qualifierOf, requireFunction } from './function-lookup.ts';
import {
  deleteFunctionUrl,
  findFunctionUrl,
  insertFunctionUrl,
  listFunctionUrls,
  updateFunctionUrl,
  type FunctionUrlRow,
} from './function-url-store.ts';
import {
  maxItems,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringList,
} from './input-fields.ts';
import { functionArn, type ArnScope } from './lambda-arns.ts';
import type { LambdaCall, LambdaHandler } from './lambda-call.ts';
import {
  aliasNotFound,
  invalidParameter,
  resourceConflict,
  resourceNotFound,
  validationError,
} from './lambda-errors.ts';

const AUTH_TYPES = ['AWS_IAM', 'NONE'] as const;
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'] as const;

/** POST /2021-10-31/functions/{FunctionName}/url[?Qualifier=…] → 201. */
export const createFunctionUrlConfig: LambdaHandler = (call) => {
  const { ctx, body } = call;
  const authType = oneOf(body, 'AuthType', 'authType', AUTH_TYPES, true)!;
  const invokeMode = oneOf(body, 'InvokeMode', 'invokeMode', INVOKE_MODES, false) ?? 'BUFFERED';
  const cors = corsOf(body);
  const row = ctx.db.transaction((): FunctionUrlRow => {
    const { name, qualifier } = urlTarget(call);
    if (findFunctionUrl(ctx.db, name, qualifier))
      throw resourceConflict(
        `Failed to create function url config for [functionArn = ${functionArn(ctx, name, qualifier || undefined)}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      );
    const now = ctx.now().toISOString();
    const created: FunctionUrlRow = {
      function_name: name,
      qualifier,
      url_id: newUrlId(),
      auth_type: authType,
      cors,
      invoke_mode: invokeMode,
      created_at: now,
      modified_at: now,
    };
    insertFunctionUrl(ctx.db, created);
    return created;
  })();
  const { LastModifiedTime: _modified, ...rendered } = renderFunctionUrl(ctx, row);
  return { status: 201, body: rendered };
};

/** GET /2021-10-31/functions/{FunctionName}/url[?Qualifier=…]. */
export const getFunctionUrlConfig: LambdaHandler = (call) => ({
  status: 200,
  body: renderFunctionUrl(call.ctx, requireFunctionUrl(call)),
});

/** PUT /2021-10-31/functions/{FunctionName}/url[?Qualifier=…]: only the members given change. */
export const updateFunctionUrlConfig: LambdaHandler = (call) => {
  const { ctx, body } = call;
  const authType = oneOf(body, 'AuthType', 'authType', AUTH_TYPES, false);
  const invokeMode = oneOf(body, 'InvokeMode', 'invokeMode', INVOKE_MODES, false);
  const cors = body.Cors === undefined ? undefined : corsOf(body);
  const row = ctx.db.transaction((): FunctionUrlRow => {
    const current = requireFunctionUrl(call);
    const next: FunctionUrlRow = {
      ...current,
      auth_type: authType ?? current.auth_type,
      invoke_mode: invokeMode ?? current.invoke_mode,
      cors: cors === undefined ? current.cors : cors,
      modified_at: ctx.now().toISOString(),
    };
    updateFunctionUrl(ctx.db, next);
    return next;
  })();
  return { status: 200, body: renderFunctionUrl(ctx, row) };
};

/** DELETE /2021-10-31/functions/{FunctionName}/url[?Qualifier=…] → 204. */
export const deleteFunctionUrlConfig: LambdaHandler = (call) => {
  call.ctx.db.transaction(() => {
    const row = requireFunctionUrl(call);
    deleteFunctionUrl(call.ctx.db, row.function_name, row.qualifier);
  })();
  return { status: 204 };
};

/** GET /2021-10-31/functions/{FunctionName}/urls. */
export const listFunctionUrlConfigs: LambdaHandler = ({ params, query, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  requireFunction(ctx.db, ctx, name);
  const rows = listFunctionUrls(ctx.db, name);
  const limit = maxItems(query, 50, 50);
  const marker = query.get('Marker');
  const start = marker === null ? 0 : Math.max(0, rows.findIndex((row) => row.url_id === marker) + 1);
  const page = rows.slice(start, start + limit);
  const reply: Record<string, unknown> = { FunctionUrlConfigs: page.map((row) => renderFunctionUrl(ctx, row)) };
  const last = page.at(-1);
  if (start + limit < rows.length && last) reply.NextMarker = last.url_id;
  return { status: 200, body: reply };
};

/** The URL AWS gives a function URL: its host names the URL id and the region. */
export function awsFunctionUrl(scope: ArnScope, urlId: string): string {
  return `https://${urlId}.lambda-url.${scope.region}.on.aws/`;
}

/** The configuration as Lambda renders it. */
export function renderFunctionUrl(ctx: CloudContext, row: FunctionUrlRow): Record<string, unknown> {
  return {
    FunctionUrl: awsFunctionUrl(ctx, row.url_id),
    FunctionArn: functionArn(ctx, row.function_name, row.qualifier || undefined),
    AuthType: row.auth_type,
    ...(row.cors === null ? {} : { Cors: JSON.parse(row.cors) as unknown }),
    CreationTime: row.created_at,
    LastModifiedTime: row.modified_at,
    InvokeMode: row.invoke_mode,
  };
}

/**
 * The function and qualifier a call names. A URL belongs to `$LATEST` (no qualifier) or to an
 * alias; a version number is refused, as Lambda refuses it.
 */
function urlTarget(call: LambdaCall): { name: string; qualifier: string } {
  const ref = functionRefOf(call.params.FunctionName);
  const qualifier = qualifierOf(ref, call.query);
  requireFunction(call.ctx.db, call.ctx, ref.name);
  if (qualifier === undefined || qualifier === '$LATEST') return { name: ref.name, qualifier: '' };
  if (/^\d+$/.test(qualifier)) throw invalidParameter('Function URLs cannot be attached to a published version.');
  if (!findAlias(call.ctx.db, ref.name, qualifier)) throw aliasNotFound(functionArn(call.ctx, ref.name, qualifier));
  return { name: ref.name, qualifier };
}

function requireFunctionUrl(call: LambdaCall): FunctionUrlRow {
  const { name, qualifier } = urlTarget(call);
  const row = findFunctionUrl(call.ctx.db, name, qualifier);
  if (!row) throw resourceNotFound('The resource you requested does not exist.');
  return row;
}

/** A string member that must be one of `values`. */
function oneOf<const V extends string>(
  body: Record<string, unknown>,
  key: string,
  field: string,
  values: readonly V[],
  required: boolean,
): V | undefined {
  const value = optionalString(body, key, field);
  if (value === undefined) {
    if (required) throw validationError('null', field, 'Member must not be null');
    return undefined;
  }
  if (!(values as readonly string[]).includes(value))
    throw validationError(`'${value}'`, field, `Member must satisfy enum value set: [${values.join(', ')}]`);
  return value as V;
}

/** The `Cors` member, checked member by member and stored as given (JSON), or null. */
function corsOf(body: Record<string, unknown>): string | null {
  const cors = optionalObject(body, 'Cors', 'cors');
  if (cors === undefined) return null;
  const checked: Record<string, unknown> = {};
  const credentials = optionalBoolean(cors, 'AllowCredentials', 'cors.allowCredentials');
  if (credentials !== undefined) checked.AllowCredentials = credentials;
  for (const key of ['AllowHeaders', 'AllowMethods', 'AllowOrigins', 'ExposeHeaders'] as const) {
    const list = optionalStringList(cors, key, `cors.${key.charAt(0).toLowerCase()}${key.slice(1)}`);
    if (list !== undefined) checked[key] = list;
  }
  const maxAge = optionalInteger(cors, 'MaxAge', 'cors.maxAge', 0, 86_400);
  if (maxAge !== undefined) checked.MaxAge = maxAge;
  return JSON.stringify(checked);
}

/** 32 lower-case letters and digits, as Lambda's URL ids are. */
function newUrlId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
