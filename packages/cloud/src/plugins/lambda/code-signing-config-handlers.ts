import type { CodeSigningPolicy } from '@toolkit/signing';
import {
  codeSigningConfigArn,
  codeSigningConfigIdOf,
  functionArn,
  newCodeSigningConfigId,
  type ArnScope,
} from './lambda-arns.ts';
import { codeSigningConfigResourceNotFound, resourceConflict, validationError } from './lambda-errors.ts';
import { lambdaTimestamp } from './lambda-time.ts';
import { maxItems, optionalObject, optionalString } from './input-fields.ts';
import {
  deleteCodeSigningConfig,
  findCodeSigningConfig,
  insertCodeSigningConfig,
  listCodeSigningConfigs,
  updateCodeSigningConfig,
  type CodeSigningConfigRow,
} from './code-signing-config-store.ts';
import { functionsUsingCodeSigningConfig } from './function-store.ts';
import type { LambdaCall, LambdaHandler, LambdaReply } from './lambda-call.ts';

const CSC_ARN_PATTERN =
  'arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:code-signing-config:csc-[a-z0-9]{17}';
const ARN = /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/;

/** A CSC in Lambda's response shape. */
export function renderCodeSigningConfig(scope: ArnScope, row: CodeSigningConfigRow): Record<string, unknown> {
  return {
    CodeSigningConfigId: row.id,
    CodeSigningConfigArn: codeSigningConfigArn(scope, row.id),
    Description: row.description,
    AllowedPublishers: { SigningProfileVersionArns: row.allowedProfileVersionArns },
    CodeSigningPolicies: { UntrustedArtifactOnDeployment: row.policy },
    LastModified: row.lastModified,
  };
}

/** POST /2020-04-22/code-signing-configs → 201. */
export const createCodeSigningConfig: LambdaHandler = ({ body, ctx }) => {
  const allowed = allowedPublishersOf(body, true) ?? [];
  const row: CodeSigningConfigRow = {
    id: newCodeSigningConfigId(),
    description: optionalString(body, 'Description', 'description', 256) ?? '',
    allowedProfileVersionArns: allowed,
    policy: policyOf(body) ?? 'Warn',
    lastModified: lambdaTimestamp(ctx.now()),
  };
  ctx.db.transaction(() => insertCodeSigningConfig(ctx.db, row))();
  return { status: 201, body: { CodeSigningConfig: renderCodeSigningConfig(ctx, row) } };
};

/** GET /2020-04-22/code-signing-configs/{CodeSigningConfigArn}. */
export const getCodeSigningConfig: LambdaHandler = (call) => {
  const row = requireCodeSigningConfig(call);
  return { status: 200, body: { CodeSigningConfig: renderCodeSigningConfig(call.ctx, row) } };
};

/** PUT /2020-04-22/code-signing-configs/{CodeSigningConfigArn}: only the members given change. */
export const updateCodeSigningConfigHandler: LambdaHandler = (call) => {
  const { body, ctx } = call;
  const allowed = allowedPublishersOf(body, false);
  const policy = policyOf(body);
  const description = optionalString(body, 'Description', 'description', 256);
  const updated = ctx.db.transaction((): CodeSigningConfigRow => {
    const row = requireCodeSigningConfig(call);
    const next: CodeSigningConfigRow = {
      ...row,
      description: description ?? row.description,
      allowedProfileVersionArns: allowed ?? row.allowedProfileVersionArns,
      policy: policy ?? row.policy,
      lastModified: lambdaTimestamp(ctx.now()),
    };
    updateCodeSigningConfig(ctx.db, next);
    return next;
  })();
  return { status: 200, body: { CodeSigningConfig: renderCodeSigningConfig(ctx, updated) } };
};

/** DELETE /2020-04-22/code-signing-configs/{CodeSigningConfigArn} → 204; 409 while a function uses it. */
export const deleteCodeSigningConfigHandler: LambdaHandler = (call) => {
  const { ctx } = call;
  ctx.db.transaction(() => {
    const row = requireCodeSigningConfig(call);
    const users = functionsUsingCodeSigningConfig(ctx.db, row.id, undefined, 1);
    if (users.length > 0) {
      throw resourceConflict(
        `The code signing configuration cannot be deleted because it is used by one or more functions: ${codeSigningConfigArn(ctx, row.id)}.`,
      );
    }
    deleteCodeSigningConfig(ctx.db, row.id);
  })();
  return { status: 204 };
};

/** GET /2020-04-22/code-signing-configs. */
export const listCodeSigningConfigsHandler: LambdaHandler = ({ query, ctx }) => {
  const limit = maxItems(query, 50);
  const marker = query.get('Marker');
  const after = marker === null ? 0 : Number(Buffer.from(marker, 'base64url').toString('utf8')) || 0;
  const page = listCodeSigningConfigs(ctx.db, after, limit + 1);
  const shown = page.slice(0, limit);
  const reply: Record<string, unknown> = {
    CodeSigningConfigs: shown.map(({ row }) => renderCodeSigningConfig(ctx, row)),
  };
  const last = shown.at(-1);
  if (page.length > limit && last) reply.NextMarker = Buffer.from(String(last.seq), 'utf8').toString('base64url');
  return { status: 200, body: reply };
};

/** GET /2020-04-22/code-signing-configs/{CodeSigningConfigArn}/functions. */
export const listFunctionsByCodeSigningConfig: LambdaHandler = (call): LambdaReply => {
  const { query, ctx } = call;
  const row = requireCodeSigningConfig(call);
  const limit = maxItems(query, 50);
  const marker = query.get('Marker');
  const after = marker === null ? undefined : Buffer.from(marker, 'base64url').toString('utf8');
  const names = functionsUsingCodeSigningConfig(ctx.db, row.id, after, limit + 1);
  const shown = names.slice(0, limit);
  const reply: Record<string, unknown> = { FunctionArns: shown.map((name) => functionArn(ctx, name)) };
  const last = shown.at(-1);
  if (names.length > limit && last) reply.NextMarker = Buffer.from(last, 'utf8').toString('base64url');
  return { status: 200, body: reply };
};

/** The CSC the path names; ResourceNotFoundException in Lambda's words when there is none. */
function requireCodeSigningConfig({ params, ctx }: LambdaCall): CodeSigningConfigRow {
  const arn = params.CodeSigningConfigArn ?? '';
  const id = codeSigningConfigIdOf(arn);
  if (id === undefined)
    throw validationError(
      `'${arn}'`,
      'codeSigningConfigArn',
      `Member must satisfy regular expression pattern: ${CSC_ARN_PATTERN}`,
    );
  const row = arn === codeSigningConfigArn(ctx, id) ? findCodeSigningConfig(ctx.db, id) : undefined;
  if (!row) throw codeSigningConfigResourceNotFound(arn);
  return row;
}

function allowedPublishersOf(body: Record<string, unknown>, required: boolean): string[] | undefined {
  const publishers = optionalObject(body, 'AllowedPublishers', 'allowedPublishers');
  if (publishers === undefined) {
    if (required) throw validationError('null', 'allowedPublishers', 'Member must not be null');
    return undefined;
  }
  const arns = publishers.SigningProfileVersionArns;
  const field = 'allowedPublishers.signingProfileVersionArns';
  if (!Array.isArray(arns)) throw validationError('null', field, 'Member must not be null');
  if (arns.length < 1) throw validationError("'[]'", field, 'Member must have length greater than or equal to 1');
  if (arns.length > 20)
    throw validationError(`'[${arns.join(', ')}]'`, field, 'Member must have length less than or equal to 20');
  for (const arn of arns) {
    if (typeof arn !== 'string' || !ARN.test(arn)) {
      throw validationError(
        `'[${arns.join(', ')}]'`,
        field,
        'Member must satisfy constraint: [Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)]',
      );
    }
  }
  return arns as string[];
}

function policyOf(body: Record<string, unknown>): CodeSigningPolicy | undefined {
  const policies = optionalObject(body, 'CodeSigningPolicies', 'codeSigningPolicies');
  const value = policies?.UntrustedArtifactOnDeployment;
  if (value === undefined || value === null) return undefined;
  if (value !== 'Warn' && value !== 'Enforce') {
    throw validationError(
      `'${String(value)}'`,
      'codeSigningPolicies.untrustedArtifactOnDeployment',
      'Member must satisfy enum value set: [Warn, Enforce]',
    );
  }
  return value;
}
