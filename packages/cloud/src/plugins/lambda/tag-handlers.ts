import { functionArn, parseFunctionRef } from './lambda-arns.ts';
import { invalidParameter, validationError } from './lambda-errors.ts';
import { optionalStringMap } from './input-fields.ts';
import { requireFunction } from './function-lookup.ts';
import { updateFunction, type FunctionRow } from './function-store.ts';
import type { LambdaCall, LambdaHandler } from './lambda-call.ts';

/** POST /2017-03-31/tags/{Resource} → 204. */
export const tagResource: LambdaHandler = (call) => {
  const tags = optionalStringMap(call.body, 'Tags', 'tags');
  if (tags === undefined) throw validationError('null', 'tags', 'Member must not be null');
  call.ctx.db.transaction(() => {
    const fn = taggedFunction(call);
    updateFunction(call.ctx.db, { ...fn, tags: { ...fn.tags, ...tags } });
  })();
  return { status: 204 };
};

/** DELETE /2017-03-31/tags/{Resource}?tagKeys=… → 204. */
export const untagResource: LambdaHandler = (call) => {
  const keys = new Set(call.query.getAll('tagKeys'));
  call.ctx.db.transaction(() => {
    const fn = taggedFunction(call);
    updateFunction(call.ctx.db, {
      ...fn,
      tags: Object.fromEntries(Object.entries(fn.tags).filter(([key]) => !keys.has(key))),
    });
  })();
  return { status: 204 };
};

/** GET /2017-03-31/tags/{Resource}. */
export const listTags: LambdaHandler = (call) => ({ status: 200, body: { Tags: taggedFunction(call).tags } });

/** The function a tagging call names by its (unqualified) ARN. */
function taggedFunction({ params, ctx }: LambdaCall): FunctionRow {
  const resource = params.Resource ?? '';
  const ref = resource.startsWith('arn:') ? parseFunctionRef(resource) : undefined;
  if (!ref) throw invalidParameter(`${resource} is not a valid resource ARN.`);
  if (ref.qualifier !== undefined)
    throw invalidParameter('Tags on function aliases and versions are not supported. Please specify a function ARN.');
  if (resource !== functionArn(ctx, ref.name)) throw invalidParameter(`${resource} is not a valid resource ARN.`);
  return requireFunction(ctx.db, ctx, ref.name);
}
