import { functionArn } from './lambda-arns.ts';
import { functionNotFound, invalidParameter, resourceConflict } from './lambda-errors.ts';
import { maxItems, optionalString } from './input-fields.ts';
import { functionRefOf, qualifierOf, requireFunction, requireVersion } from './function-lookup.ts';
import { deleteFunction, deleteVersion, findVersion, listFunctionNames, listVersions } from './function-store.ts';
import { renderConfiguration } from './function-configuration.ts';
import { aliasNamesOfVersion } from './alias-store.ts';
import { codeLocation } from './code-location.ts';
import { publishLatest } from './version-publishing.ts';
import type { LambdaCall, LambdaHandler } from './lambda-call.ts';

/** GET /2015-03-31/functions/{FunctionName}: configuration, a download URL for the code, and tags. */
export const getFunction: LambdaHandler = (call) => {
  const { name, version, configuration } = configurationOf(call);
  const reply: Record<string, unknown> = {
    Configuration: configuration,
    Code: { RepositoryType: 'S3', Location: codeLocation(call.ctx, version.codeBlob) },
  };
  const fn = requireFunction(call.ctx.db, call.ctx, name);
  if (Object.keys(fn.tags).length > 0) reply.Tags = fn.tags;
  return { status: 200, body: reply };
};

/** GET /2015-03-31/functions/{FunctionName}/configuration. */
export const getFunctionConfiguration: LambdaHandler = (call) => ({
  status: 200,
  body: configurationOf(call).configuration,
});

/** DELETE /2015-03-31/functions/{FunctionName}[?Qualifier=N] → 204: the function, or one published version. */
export const deleteFunctionHandler: LambdaHandler = ({ params, query, ctx }) => {
  const ref = functionRefOf(params.FunctionName);
  const qualifier = qualifierOf(ref, query);
  ctx.db.transaction(() => {
    requireFunction(ctx.db, ctx, ref.name);
    if (qualifier === undefined) {
      deleteFunction(ctx.db, ref.name);
      return;
    }
    if (qualifier === '$LATEST')
      throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
    if (!/^\d+$/.test(qualifier)) throw invalidParameter('Deletion of aliases is not supported.');
    if (!findVersion(ctx.db, ref.name, qualifier)) throw functionNotFound(functionArn(ctx, ref.name, qualifier));
    const aliases = aliasNamesOfVersion(ctx.db, ref.name, qualifier);
    if (aliases.length > 0) {
      throw resourceConflict(
        `Unable to delete version because the following aliases reference it: [${aliases.join(', ')}]`,
      );
    }
    deleteVersion(ctx.db, ref.name, qualifier);
  })();
  return { status: 204 };
};

/** GET /2015-03-31/functions: `$LATEST` of each function, or every version with FunctionVersion=ALL. */
export const listFunctions: LambdaHandler = ({ query, ctx }) => {
  const limit = maxItems(query, 50);
  const all = query.get('FunctionVersion') === 'ALL';
  const marker = query.get('Marker');
  const after = marker === null ? undefined : Buffer.from(marker, 'base64url').toString('utf8');
  const names = listFunctionNames(ctx.db, after, limit + 1);
  const shown = names.slice(0, limit);
  const functions = shown.flatMap((name) => {
    const versions = all
      ? listVersions(ctx.db, name)
      : [findVersion(ctx.db, name, '$LATEST')].flatMap((v) => (v ? [v] : []));
    return versions.map((v) => renderConfiguration(ctx, name, v.version, v.config, all ? v.version : undefined));
  });
  const reply: Record<string, unknown> = { Functions: functions };
  const last = shown.at(-1);
  if (names.length > limit && last) reply.NextMarker = Buffer.from(last, 'utf8').toString('base64url');
  return { status: 200, body: reply };
};

/** GET /2015-03-31/functions/{FunctionName}/versions: `$LATEST`, then versions in order. */
export const listVersionsByFunction: LambdaHandler = ({ params, query, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  requireFunction(ctx.db, ctx, name);
  const limit = maxItems(query, 50);
  const versions = listVersions(ctx.db, name);
  const marker = query.get('Marker');
  const start =
    marker === null
      ? 0
      : versions.findIndex((v) => v.version === Buffer.from(marker, 'base64url').toString('utf8')) + 1;
  const page = versions.slice(start, start + limit);
  const reply: Record<string, unknown> = {
    Versions: page.map((v) => renderConfiguration(ctx, name, v.version, v.config, v.version)),
  };
  const last = page.at(-1);
  if (start + limit < versions.length && last)
    reply.NextMarker = Buffer.from(last.version, 'utf8').toString('base64url');
  return { status: 200, body: reply };
};

/** POST /2015-03-31/functions/{FunctionName}/versions → 201. */
export const publishVersion: LambdaHandler = ({ params, body, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  const options = {
    description: optionalString(body, 'Description', 'description', 256),
    codeSha256: optionalString(body, 'CodeSha256', 'codeSha256'),
    revisionId: optionalString(body, 'RevisionId', 'revisionId'),
  };
  const row = ctx.db.transaction(() => {
    const fn = requireFunction(ctx.db, ctx, name);
    return publishLatest(
      ctx.db,
      ctx,
      fn,
      ctx.now(),
      Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    );
  })();
  return { status: 201, body: renderConfiguration(ctx, name, row.version, row.config, row.version) };
};

function configurationOf({ params, query, ctx }: LambdaCall) {
  const ref = functionRefOf(params.FunctionName);
  const qualifier = qualifierOf(ref, query);
  const version = requireVersion(ctx.db, ctx, ref.name, qualifier);
  return {
    name: ref.name,
    version,
    configuration: renderConfiguration(ctx, ref.name, version.version, version.config, qualifier),
  };
}
