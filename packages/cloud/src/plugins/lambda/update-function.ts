import { randomUUID } from 'node:crypto';
import { functionArn, parseLayerVersionArn } from './lambda-arns.ts';
import { functionNotFound, revisionMismatch } from './lambda-errors.ts';
import { lambdaTimestamp } from './lambda-time.ts';
import { optionalBoolean, optionalString } from './input-fields.ts';
import { readFunctionSettings } from './function-settings.ts';
import { functionRefOf, requireFunction } from './function-lookup.ts';
import { takeInCode } from './code-intake.ts';
import { resolveFunctionLayers } from './layer-handlers.ts';
import { findLayerVersion, type LayerVersionRow } from './layer-store.ts';
import { checkDeployment, type DeploymentCheck } from './deployment-check.ts';
import { findFunction, findVersion, putVersion, type FunctionLayer, type VersionConfig, type VersionRow } from './function-store.ts';
import { publishLatest } from './version-publishing.ts';
import { recordSignatureWarnings } from './signature-metrics.ts';
import { renderConfiguration } from './function-configuration.ts';
import type { CloudContext } from '../../plugin.ts';
import type { LambdaHandler, LambdaReply } from './lambda-call.ts';

/** PUT /2015-03-31/functions/{FunctionName}/code: new code, checked (with the layers) against the function's CSC. */
export const updateFunctionCode: LambdaHandler = async ({ params, body, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  const revisionId = optionalString(body, 'RevisionId', 'revisionId');
  const publish = optionalBoolean(body, 'Publish', 'publish') ?? false;
  const dryRun = optionalBoolean(body, 'DryRun', 'dryRun') ?? false;
  const { architectures } = readFunctionSettings({ Architectures: body.Architectures });
  const fn = requireFunction(ctx.db, ctx, name);
  const latest = requireLatest(ctx, fn.name, revisionId);
  const code = await takeInCode(ctx, body);
  const arn = functionArn(ctx, name);
  const check = await checkDeployment(ctx, arn, fn.codeSigningConfigId, { code: code.bytes, layers: existingLayers(ctx, latest.config.Layers) });
  const now = ctx.now();
  const next = (current: VersionConfig): VersionConfig => {
    const config: VersionConfig = {
      ...withoutSignature(current),
      CodeSize: code.size,
      CodeSha256: code.codeSha256,
      LastModified: lambdaTimestamp(now),
      RevisionId: randomUUID(),
    };
    if (architectures !== undefined) config.Architectures = architectures;
    if (check.codeSignature) {
      config.SigningProfileVersionArn = check.codeSignature.profileVersionArn;
      config.SigningJobArn = check.codeSignature.jobArn;
    }
    return config;
  };
  if (dryRun) return show(ctx, fn.name, { version: '$LATEST', config: next(latest.config) });
  return save(ctx, fn.name, revisionId, check, publish, (current) => ({ version: '$LATEST', config: next(current.config), codeBlob: code.blob }));
};

/** PUT /2015-03-31/functions/{FunctionName}/configuration: new settings; new layers are checked against the CSC. */
export const updateFunctionConfiguration: LambdaHandler = async ({ params, body, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  const settings = readFunctionSettings(body);
  const revisionId = optionalString(body, 'RevisionId', 'revisionId');
  const fn = requireFunction(ctx.db, ctx, name);
  requireLatest(ctx, fn.name, revisionId);
  const layers = settings.layers === undefined ? undefined : resolveFunctionLayers(ctx.db, ctx, settings.layers);
  const check: DeploymentCheck = layers
    ? await checkDeployment(ctx, functionArn(ctx, name), fn.codeSigningConfigId, { layers: layers.map(({ ref, row }) => ({ arn: ref.Arn, row })) })
    : { codeSignature: null, warnings: [] };
  const now = ctx.now();
  return save(ctx, fn.name, revisionId, check, false, (current) => {
    const c = current.config;
    const config: VersionConfig = {
      ...c,
      Runtime: settings.runtime ?? c.Runtime,
      Role: settings.role ?? c.Role,
      Handler: settings.handler ?? c.Handler,
      Description: settings.description ?? c.Description,
      Timeout: settings.timeout ?? c.Timeout,
      MemorySize: settings.memorySize ?? c.MemorySize,
      Layers: layers ? layers.map(({ ref }) => ref) : c.Layers,
      Architectures: settings.architectures ?? c.Architectures,
      LastModified: lambdaTimestamp(now),
      RevisionId: randomUUID(),
    };
    if (settings.environment !== undefined) config.Environment = settings.environment;
    return { ...current, config };
  });
};

/** Writes the new $LATEST (and the warnings, and a published version) in one transaction. */
function save(
  ctx: CloudContext,
  name: string,
  revisionId: string | undefined,
  check: DeploymentCheck,
  publish: boolean,
  update: (current: VersionRow) => VersionRow,
): LambdaReply {
  const shown = ctx.db.transaction(() => {
    const fn = findFunction(ctx.db, name);
    if (!fn) throw functionNotFound(functionArn(ctx, name));
    const next = update(requireLatest(ctx, name, revisionId));
    putVersion(ctx.db, name, next);
    recordSignatureWarnings(ctx.db, name, functionArn(ctx, name), check.warnings, ctx.now());
    return publish ? publishLatest(ctx.db, ctx, fn, ctx.now()) : next;
  })();
  return show(ctx, name, shown);
}

function show(ctx: CloudContext, name: string, row: Pick<VersionRow, 'version' | 'config'>): LambdaReply {
  return { status: 200, body: renderConfiguration(ctx, name, row.version, row.config, row.version === '$LATEST' ? undefined : row.version) };
}

function requireLatest(ctx: CloudContext, name: string, revisionId: string | undefined): VersionRow {
  const latest = findVersion(ctx.db, name, '$LATEST');
  if (!latest) throw functionNotFound(functionArn(ctx, name));
  if (revisionId !== undefined && revisionId !== latest.config.RevisionId) throw revisionMismatch('GetFunction/GetAlias');
  return latest;
}

/** The function's layers that still exist (a deleted layer version stays in use but cannot be re-read). */
function existingLayers(ctx: CloudContext, layers: readonly FunctionLayer[]): { arn: string; row: LayerVersionRow }[] {
  return layers.flatMap((layer) => {
    const parsed = parseLayerVersionArn(layer.Arn);
    const row = parsed && findLayerVersion(ctx.db, parsed.name, parsed.version);
    return row ? [{ arn: layer.Arn, row }] : [];
  });
}

function withoutSignature(config: VersionConfig): VersionConfig {
  const { SigningProfileVersionArn: _p, SigningJobArn: _j, ...rest } = config;
  return rest;
}
