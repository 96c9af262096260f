import { randomUUID } from 'node:crypto';
import { functionArn, parseLayerVersionArn } from './lambda-arns.ts';
import { functionNotFound, revisionMismatch } from './lambda-errors.ts';
import { lambdaTimestamp } from './lambda-time.ts';
import { optionalBoolean, optionalString } from './input-fields.ts';
import { readFunctionSettings } from './function-settings.ts';
import { functionRefOf, requireFunction } from './function-lookup.ts';
import { takeInCode } from './code-intake.ts';
import { resolveFunctionLayers } from './layer-handlers.ts';
import { findLayerVersion } from './layer-store.ts';
import { checkDeployment, preloadLayers, type DeployedLayer, type DeploymentCheck } from './deployment-check.ts';
import type { SignatureWarning } from './code-verification.ts';
import {
  findFunction,
  findVersion,
  putVersion,
  type FunctionLayer,
  type FunctionRow,
  type VersionConfig,
  type VersionRow,
} from './function-store.ts';
import { publishLatest } from './version-publishing.ts';
import { recordSignatureWarnings } from './signature-metrics.ts';
import { renderConfiguration } from './function-configuration.ts';
import type { CloudContext } from '../../plugin.ts';
import type { LambdaHandler, LambdaReply } from './lambda-call.ts';

/** PUT /2015-03-31/functions/{FunctionName}/code: new code, checked (with the layers) against the function's CSC at commit. */
export const updateFunctionCode: LambdaHandler = async ({ params, body, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  const revisionId = optionalString(body, 'RevisionId', 'revisionId');
  const publish = optionalBoolean(body, 'Publish', 'publish') ?? false;
  const dryRun = optionalBoolean(body, 'DryRun', 'dryRun') ?? false;
  const { architectures } = readFunctionSettings({ Architectures: body.Architectures });
  const fn = requireFunction(ctx.db, ctx, name);
  const latest = requireLatest(ctx, fn.name, revisionId);
  const code = await takeInCode(ctx, body);
  const preloaded = await preloadLayers(ctx, fn.codeSigningConfigId, existingLayers(ctx, latest.config.Layers));
  const arn = functionArn(ctx, name);
  const now = ctx.now();
  // The function, its CSC and its layers are read again where the code is committed: any of them may have changed while the code arrived.
  const next = (current: FunctionRow, latestNow: VersionRow): Deployed => {
    const check = checkDeployment(
      ctx,
      arn,
      current.codeSigningConfigId,
      { code: code.bytes, layers: existingLayers(ctx, latestNow.config.Layers) },
      preloaded,
    );
    const config: VersionConfig = {
      ...withoutSignature(latestNow.config),
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
    return { row: { version: '$LATEST', config, codeBlob: code.blob }, warnings: check.warnings };
  };
  if (dryRun)
    return show(ctx, fn.name, next(requireFunction(ctx.db, ctx, name), requireLatest(ctx, fn.name, revisionId)).row);
  return save(ctx, fn.name, revisionId, publish, next);
};

/** PUT /2015-03-31/functions/{FunctionName}/configuration: new settings; new layers are checked against the CSC at commit. */
export const updateFunctionConfiguration: LambdaHandler = async ({ params, body, ctx }) => {
  const { name } = functionRefOf(params.FunctionName);
  const settings = readFunctionSettings(body);
  const revisionId = optionalString(body, 'RevisionId', 'revisionId');
  const fn = requireFunction(ctx.db, ctx, name);
  requireLatest(ctx, fn.name, revisionId);
  const layers = settings.layers === undefined ? undefined : resolveFunctionLayers(ctx.db, ctx, settings.layers);
  const deployed = layers?.map(({ ref, row }) => ({ arn: ref.Arn, row }));
  const preloaded = deployed ? await preloadLayers(ctx, fn.codeSigningConfigId, deployed) : new Map<string, Buffer>();
  const now = ctx.now();
  return save(ctx, fn.name, revisionId, false, (current, latestNow) => {
    const check: DeploymentCheck = deployed
      ? checkDeployment(ctx, functionArn(ctx, name), current.codeSigningConfigId, { layers: deployed }, preloaded)
      : { codeSignature: null, warnings: [] };
    const c = latestNow.config;
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
    return { row: { ...latestNow, config }, warnings: check.warnings };
  });
};

/** A new $LATEST and the signature warnings its check raised. */
interface Deployed {
  row: VersionRow;
  warnings: SignatureWarning[];
}

/**
 * Writes the new $LATEST (and the warnings, and a published version) in one
 * transaction; `update` makes the code signing decision inside it, from the
 * function and $LATEST as they are at commit.
 */
function save(
  ctx: CloudContext,
  name: string,
  revisionId: string | undefined,
  publish: boolean,
  update: (fn: FunctionRow, current: VersionRow) => Deployed,
): LambdaReply {
  const shown = ctx.db.transaction(() => {
    const fn = findFunction(ctx.db, name);
    if (!fn) throw functionNotFound(functionArn(ctx, name));
    const next = update(fn, requireLatest(ctx, name, revisionId));
    putVersion(ctx.db, name, next.row);
    recordSignatureWarnings(ctx.db, name, functionArn(ctx, name), next.warnings, ctx.now());
    return publish ? publishLatest(ctx.db, ctx, fn, ctx.now()) : next.row;
  })();
  return show(ctx, name, shown);
}

function show(ctx: CloudContext, name: string, row: Pick<VersionRow, 'version' | 'config'>): LambdaReply {
  return {
    status: 200,
    body: renderConfiguration(ctx, name, row.version, row.config, row.version === '$LATEST' ? undefined : row.version),
  };
}

function requireLatest(ctx: CloudContext, name: string, revisionId: string | undefined): VersionRow {
  const latest = findVersion(ctx.db, name, '$LATEST');
  if (!latest) throw functionNotFound(functionArn(ctx, name));
  if (revisionId !== undefined && revisionId !== latest.config.RevisionId)
    throw revisionMismatch('GetFunction/GetAlias');
  return latest;
}

/** The function's layers that still exist (a deleted layer version stays in use but cannot be re-read). */
function existingLayers(ctx: CloudContext, layers: readonly FunctionLayer[]): DeployedLayer[] {
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
