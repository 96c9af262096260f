import type Database from 'better-sqlite3';
import { layerArn, layerVersionArn, parseLayerName, parseLayerVersionArn, type ArnScope } from './lambda-arns.ts';
import { invalidParameter, resourceNotFound, validationError } from './lambda-errors.ts';
import { lambdaTimestamp } from './lambda-time.ts';
import { maxItems, optionalObject, optionalString, optionalStringList } from './input-fields.ts';
import { takeInCode } from './code-intake.ts';
import { intactSignature } from './code-verification.ts';
import { codeLocation } from './code-location.ts';
import {
  deleteLayerVersion,
  findLayerVersion,
  insertLayerVersion,
  listLayerNames,
  listLayerVersions,
  type LayerVersionRow,
} from './layer-store.ts';
import type { CloudContext } from '../../plugin.ts';
import type { LambdaCall, LambdaHandler } from './lambda-call.ts';
import type { FunctionLayer } from './function-store.ts';

const LAYER_VERSION_ARN_PATTERN = 'arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+';

/** POST /2018-10-31/layers/{LayerName}/versions → 201. */
export const publishLayerVersion: LambdaHandler = async ({ params, body, ctx }) => {
  const name = layerNameOf(params.LayerName);
  const content = optionalObject(body, 'Content', 'content');
  if (!content) throw validationError('null', 'content', 'Member must not be null');
  const description = optionalString(body, 'Description', 'description', 256) ?? '';
  const compatibleRuntimes = optionalStringList(body, 'CompatibleRuntimes', 'compatibleRuntimes') ?? null;
  const compatibleArchitectures =
    optionalStringList(body, 'CompatibleArchitectures', 'compatibleArchitectures') ?? null;
  const licenseInfo = optionalString(body, 'LicenseInfo', 'licenseInfo', 512) ?? null;
  const code = await takeInCode(ctx, content);
  const signature = intactSignature(ctx, code.bytes);
  const row: Omit<LayerVersionRow, 'version'> = {
    name,
    description,
    compatibleRuntimes,
    compatibleArchitectures,
    licenseInfo,
    codeBlob: code.blob,
    codeSize: code.size,
    signingProfileVersionArn: signature?.profileVersionArn ?? null,
    signingJobArn: signature?.jobArn ?? null,
    createdDate: lambdaTimestamp(ctx.now()),
  };
  const version = ctx.db.transaction(() => insertLayerVersion(ctx.db, row))();
  return { status: 201, body: renderLayerVersion(ctx, { ...row, version }) };
};

/** GET /2018-10-31/layers/{LayerName}/versions/{VersionNumber}. */
export const getLayerVersion: LambdaHandler = ({ params, ctx }) => {
  const row = findLayerVersion(ctx.db, layerNameOf(params.LayerName), versionNumberOf(params.VersionNumber));
  if (!row) throw resourceNotFound();
  return { status: 200, body: renderLayerVersion(ctx, row) };
};

/** GET /2018-10-31/layers?find=LayerVersion&Arn=…, or ListLayers without `find`. */
export const getLayerVersionByArnOrListLayers: LambdaHandler = (call) => {
  if (call.query.get('find') === 'LayerVersion') return getLayerVersionByArn(call);
  return listLayers(call);
};

function getLayerVersionByArn({ query, ctx }: LambdaCall): { status: number; body: unknown } {
  const arn = query.get('Arn') ?? '';
  const parsed = parseLayerVersionArn(arn);
  if (!parsed)
    throw validationError(
      `'${arn}'`,
      'arn',
      `Member must satisfy regular expression pattern: ${LAYER_VERSION_ARN_PATTERN}`,
    );
  const local = parsed.region === ctx.region && parsed.accountId === ctx.accountId;
  const row = local ? findLayerVersion(ctx.db, parsed.name, parsed.version) : undefined;
  if (!row) throw resourceNotFound();
  return { status: 200, body: renderLayerVersion(ctx, row) };
}

/** GET /2018-10-31/layers/{LayerName}/versions: newest first, filtered by CompatibleRuntime/CompatibleArchitecture. */
export const listLayerVersionsHandler: LambdaHandler = ({ params, query, ctx }) => {
  const name = layerNameOf(params.LayerName);
  const matching = listLayerVersions(ctx.db, name).filter((row) => compatible(row, query));
  const { page, nextMarker } = paginate(matching, query, (row) => String(row.version));
  const reply: Record<string, unknown> = { LayerVersions: page.map((row) => listItem(ctx, row)) };
  if (nextMarker) reply.NextMarker = nextMarker;
  return { status: 200, body: reply };
};

function listLayers({ query, ctx }: LambdaCall): { status: number; body: unknown } {
  const layers = listLayerNames(ctx.db).flatMap((name) => {
    const latest = listLayerVersions(ctx.db, name).find((row) => compatible(row, query));
    return latest ? [{ name, latest }] : [];
  });
  const { page, nextMarker } = paginate(layers, query, (layer) => layer.name);
  const reply: Record<string, unknown> = {
    Layers: page.map(({ name, latest }) => ({
      LayerName: name,
      LayerArn: layerArn(ctx, name),
      LatestMatchingVersion: listItem(ctx, latest),
    })),
  };
  if (nextMarker) reply.NextMarker = nextMarker;
  return { status: 200, body: reply };
}

/** DELETE /2018-10-31/layers/{LayerName}/versions/{VersionNumber} → 204, also when it is gone already. */
export const deleteLayerVersionHandler: LambdaHandler = ({ params, ctx }) => {
  const name = layerNameOf(params.LayerName);
  const version = versionNumberOf(params.VersionNumber);
  ctx.db.transaction(() => deleteLayerVersion(ctx.db, name, version))();
  return { status: 204 };
};

/**
 * The layers of a function configuration, from their version ARNs: each must be
 * a layer version of this cloud. Returns them with their stored rows.
 */
export function resolveFunctionLayers(
  db: Database.Database,
  scope: ArnScope,
  arns: readonly string[],
): { ref: FunctionLayer; row: LayerVersionRow }[] {
  if (arns.length > 5) throw invalidParameter('Cannot reference more than 5 layers.');
  const seen = new Set<string>();
  return arns.map((arn) => {
    const parsed = parseLayerVersionArn(arn);
    if (!parsed)
      throw validationError(
        `'[${arns.join(', ')}]'`,
        'layers',
        `Member must satisfy constraint: [Member must satisfy regular expression pattern: ${LAYER_VERSION_ARN_PATTERN}]`,
      );
    const local = parsed.region === scope.region && parsed.accountId === scope.accountId;
    const row = local ? findLayerVersion(db, parsed.name, parsed.version) : undefined;
    if (!row) throw invalidParameter(`Layer version ${arn} does not exist.`);
    if (seen.has(parsed.name)) throw invalidParameter('Two different versions of the same layer are not allowed.');
    seen.add(parsed.name);
    const ref: FunctionLayer = { Arn: arn, CodeSize: row.codeSize };
    if (row.signingProfileVersionArn) ref.SigningProfileVersionArn = row.signingProfileVersionArn;
    if (row.signingJobArn) ref.SigningJobArn = row.signingJobArn;
    return { ref, row };
  });
}

/** A layer version in the shape of PublishLayerVersion/GetLayerVersion. */
function renderLayerVersion(ctx: CloudContext, row: LayerVersionRow): Record<string, unknown> {
  const content: Record<string, unknown> = {
    Location: codeLocation(ctx, row.codeBlob),
    CodeSha256: Buffer.from(row.codeBlob, 'hex').toString('base64'),
    CodeSize: row.codeSize,
  };
  if (row.signingProfileVersionArn) content.SigningProfileVersionArn = row.signingProfileVersionArn;
  if (row.signingJobArn) content.SigningJobArn = row.signingJobArn;
  return { Content: content, LayerArn: layerArn(ctx, row.name), ...listItem(ctx, row) };
}

function listItem(scope: ArnScope, row: LayerVersionRow): Record<string, unknown> {
  const item: Record<string, unknown> = {
    LayerVersionArn: layerVersionArn(scope, row.name, row.version),
    Version: row.version,
    Description: row.description,
    CreatedDate: row.createdDate,
  };
  if (row.compatibleRuntimes) item.CompatibleRuntimes = row.compatibleRuntimes;
  if (row.licenseInfo !== null) item.LicenseInfo = row.licenseInfo;
  if (row.compatibleArchitectures) item.CompatibleArchitectures = row.compatibleArchitectures;
  return item;
}

function compatible(row: LayerVersionRow, query: URLSearchParams): boolean {
  const runtime = query.get('CompatibleRuntime');
  const architecture = query.get('CompatibleArchitecture');
  if (runtime !== null && !(row.compatibleRuntimes ?? []).includes(runtime)) return false;
  if (architecture !== null && !(row.compatibleArchitectures ?? []).includes(architecture)) return false;
  return true;
}

/** A page of `items` after the Marker (the key of the last item shown before). */
function paginate<T>(
  items: T[],
  query: URLSearchParams,
  key: (item: T) => string,
): { page: T[]; nextMarker: string | undefined } {
  const limit = maxItems(query, 50, 50);
  const marker = query.get('Marker');
  const start =
    marker === null
      ? 0
      : items.findIndex((item) => key(item) === Buffer.from(marker, 'base64url').toString('utf8')) + 1;
  const page = items.slice(start, start + limit);
  const last = page.at(-1);
  const nextMarker =
    start + limit < items.length && last !== undefined
      ? Buffer.from(key(last), 'utf8').toString('base64url')
      : undefined;
  return { page, nextMarker };
}

function layerNameOf(text: string | undefined): string {
  const name = text === undefined ? undefined : parseLayerName(text);
  if (!name) {
    throw validationError(
      `'${text ?? ''}'`,
      'layerName',
      'Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
    );
  }
  return name;
}

function versionNumberOf(text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw validationError(`'${text ?? ''}'`, 'versionNumber', 'Member must have value greater than or equal to 1');
  return value;
}
