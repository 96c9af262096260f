import { statSync } from 'node:fs';
import type { CloudContext, ServiceResponse } from '../../plugin.ts';
import { resourceNotFound } from './lambda-errors.ts';
import { isFunctionCode } from './function-store.ts';
import { isLayerCode } from './layer-store.ts';

/** Path prefix of code downloads; not part of Lambda's API, only of the URLs it hands out. */
export const CODE_DOWNLOAD_PREFIX = '/2015-03-31/code-downloads/';

/**
 * The `Code.Location` / `Content.Location` Lambda hands out: a presigned-style
 * URL on the local endpoint. Its `X-Amz-Credential` names the `lambda` service,
 * so the cloud routes the unsigned GET back to this plugin (as AWS's presigned
 * S3 URLs need no credentials either).
 */
export function codeLocation(ctx: CloudContext, blob: string): string {
  const now = ctx.now();
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const credential = encodeURIComponent(`local/${stamp.slice(0, 8)}/${ctx.region}/lambda/aws4_request`);
  const query = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Date=${stamp}&X-Amz-Expires=600&X-Amz-SignedHeaders=host`;
  return `${ctx.endpoint()}${CODE_DOWNLOAD_PREFIX}${blob}?${query}`;
}

/** Whether a blob is the code of some function version or layer version (only those are served). */
function isDeployedCode(ctx: CloudContext, blob: string): boolean {
  return isFunctionCode(ctx.db, blob) || isLayerCode(ctx.db, blob);
}

/** GET {CODE_DOWNLOAD_PREFIX}{blob}: the zip, streamed; only code that a function or layer deployed. */
export function codeDownload(ctx: CloudContext, blob: string): ServiceResponse {
  if (!/^[0-9a-f]{64}$/.test(blob) || !ctx.blobs.has(blob) || !isDeployedCode(ctx, blob)) throw resourceNotFound();
  const size = statSync(ctx.blobs.pathOf(blob)).size;
  return {
    status: 200,
    headers: { 'content-type': 'application/zip', 'content-length': size },
    body: ctx.blobs.read(blob),
  };
}
