import { randomUUID } from 'node:crypto';
import { functionArn, parseFunctionRef } from './lambda-arns.ts';
import { codeSigningConfigNotFound, invalidParameter, resourceConflict, validationError } from './lambda-errors.ts';
import { lambdaTimestamp } from './lambda-time.ts';
import { optionalBoolean, optionalObject, optionalString, optionalStringMap } from './input-fields.ts';
import { readFunctionSettings } from './function-settings.ts';
import { takeInCode } from './code-intake.ts';
import { resolveFunctionLayers } from './layer-handlers.ts';
import { checkDeployment, existingCodeSigningConfigId, preloadLayers } from './deployment-check.ts';
import { findCodeSigningConfig } from './code-signing-config-store.ts';
import { findFunction, insertFunction, putVersion, type VersionConfig } from './function-store.ts';
import { publishLatest } from './version-publishing.ts';
import { recordSignatureWarnings } from './signature-metrics.ts';
import { renderConfiguration } from './function-configuration.ts';
import type { LambdaHandler } from './lambda-call.ts';

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** POST /2015-03-31/functions → 201, with the CSC check (at commit) when the function gets one. */
export const createFunction: LambdaHandler = async ({ body, ctx }) => {
  const name = functionNameOf(body.FunctionName);
  const settings = readFunctionSettings(body);
  if (settings.role === undefined) throw validationError('null', 'role', 'Member must not be null');
  const packageType = optionalString(body, 'PackageType', 'packageType') ?? 'Zip';
  if (packageType !== 'Zip')
    throw invalidParameter('The local cloud runs Zip packages only; PackageType Image is not supported.');
  if (settings.runtime === undefined || settings.handler === undefined) {
    throw invalidParameter(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
  }
  const codeSource = optionalObject(body, 'Code', 'code');
  if (!codeSource) throw validationError('null', 'code', 'Member must not be null');
  const publish = optionalBoolean(body, 'Publish', 'publish') ?? false;
  const tags = optionalStringMap(body, 'Tags', 'tags') ?? {};
  const cscArn = optionalString(body, 'CodeSigningConfigArn', 'codeSigningConfigArn');
  const cscId = cscArn === undefined ? null : existingCodeSigningConfigId(ctx.db, ctx, cscArn);
  const arn = functionArn(ctx, name);
  if (findFunction(ctx.db, name)) throw resourceConflict(`Function already exist: ${name}`);

  const code = await takeInCode(ctx, codeSource);
  const layers = resolveFunctionLayers(ctx.db, ctx, settings.layers ?? []);
  const deployed = layers.map(({ ref, row }) => ({ arn: ref.Arn, row }));
  const preloaded = await preloadLayers(ctx, cscId, deployed);

  const now = ctx.now();
  const config: VersionConfig = {
    Runtime: settings.runtime,
    Role: settings.role,
    Handler: settings.handler,
    Description: settings.description ?? '',
    Timeout: settings.timeout ?? 3,
    MemorySize: settings.memorySize ?? 128,
    LastModified: lambdaTimestamp(now),
    CodeSize: code.size,
    CodeSha256: code.codeSha256,
    RevisionId: randomUUID(),
    Layers: layers.map(({ ref }) => ref),
    Architectures: settings.architectures ?? ['x86_64'],
  };
  if (settings.environment !== undefined) config.Environment = settings.environment;
  const shown = ctx.db.transaction(() => {
    if (findFunction(ctx.db, name)) throw resourceConflict(`Function already exist: ${name}`);
    if (cscId !== null && !findCodeSigningConfig(ctx.db, cscId)) throw codeSigningConfigNotFound(cscArn ?? '');
    // The CSC named is fixed, but its policy and publishers are read here: an UpdateCodeSigningConfig
    // answered while the code arrived applies to this deployment, as it would to any later one.
    const check = checkDeployment(ctx, arn, cscId, { code: code.bytes, layers: deployed }, preloaded);
    if (check.codeSignature) {
      config.SigningProfileVersionArn = check.codeSignature.profileVersionArn;
      config.SigningJobArn = check.codeSignature.jobArn;
    }
    const fn = { name, codeSigningConfigId: cscId, tags, lastVersion: 0 };
    insertFunction(ctx.db, fn, now.toISOString());
    putVersion(ctx.db, name, { version: '$LATEST', config, codeBlob: code.blob });
    recordSignatureWarnings(ctx.db, name, arn, check.warnings, now);
    return publish ? publishLatest(ctx.db, ctx, fn, now) : { version: '$LATEST', config };
  })();
  const qualifier = shown.version === '$LATEST' ? undefined : shown.version;
  return { status: 201, body: renderConfiguration(ctx, name, shown.version, shown.config, qualifier) };
};

function functionNameOf(value: unknown): string {
  if (typeof value !== 'string') throw validationError('null', 'functionName', 'Member must not be null');
  // CreateFunction accepts an ARN too, as long as it names a function without qualifier.
  const ref = parseFunctionRef(value);
  const name = ref && ref.qualifier === undefined ? ref.name : undefined;
  if (name === undefined || !NAME.test(name)) {
    throw validationError(
      `'${value}'`,
      'functionName',
      'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
    );
  }
  return name;
}
