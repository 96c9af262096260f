import { codeSigningConfigArn } from './lambda-arns.ts';
import { validationError } from './lambda-errors.ts';
import { optionalString } from './input-fields.ts';
import { functionRefOf, requireFunction } from './function-lookup.ts';
import { existingCodeSigningConfigId } from './deployment-check.ts';
import { updateFunction } from './function-store.ts';
import type { LambdaHandler } from './lambda-call.ts';

/** PUT /2020-06-30/functions/{FunctionName}/code-signing-config: attaches a CSC; deployed code is not re-checked, as in AWS. */
export const putFunctionCodeSigningConfig: LambdaHandler = ({ params, body, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  const arn = optionalString(body, 'CodeSigningConfigArn', 'codeSigningConfigArn');
  if (arn === undefined) throw validationError('null', 'codeSigningConfigArn', 'Member must not be null');
  ctx.db.transaction(() => {
    const fn = requireFunction(ctx.db, ctx, name);
    const id = existingCodeSigningConfigId(ctx.db, ctx, arn);
    updateFunction(ctx.db, { ...fn, codeSigningConfigId: id });
  })();
  return { status: 200, body: { CodeSigningConfigArn: arn, FunctionName: name } };
};

/** GET /2020-06-30/functions/{FunctionName}/code-signing-config. */
export const getFunctionCodeSigningConfig: LambdaHandler = ({ params, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  const fn = requireFunction(ctx.db, ctx, name);
  if (fn.codeSigningConfigId === null) return { status: 200, body: {} };
  return {
    status: 200,
    body: { CodeSigningConfigArn: codeSigningConfigArn(ctx, fn.codeSigningConfigId), FunctionName: name },
  };
};

/** DELETE /2020-06-30/functions/{FunctionName}/code-signing-config → 204. */
export const deleteFunctionCodeSigningConfig: LambdaHandler = ({ params, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  ctx.db.transaction(() => {
    const fn = requireFunction(ctx.db, ctx, name);
    updateFunction(ctx.db, { ...fn, codeSigningConfigId: null });
  })();
  return { status: 204 };
};
