import { statSync } from 'node:fs';
import type { CloudContext, ServiceResponse } from '../../plugin.ts';
import { presignedUrl } from '../../iam/presign.ts';
import { resourceNotFound } from './lambda-errors.ts';
import { isFunctionCode } from './function-store.ts';
import { isLayerCode } from './layer-store.ts';

/** Path prefix of code downloads; not part of Lambda's API, only of the URLs it hands out. */
export const CODE_DOWNLOAD_PREFIX = '/2015-03-31/code-downloads/';

/**
 * The `Code.Location` / `Content.Location` Lambda hands out: a presigned URL on the
 * local endpoint, signed with the administrator's key for ten minutes. Its
 * `X-Amz-Credential` names the `lambda` service, so the cloud routes the GET back to
 * this plugin (as AWS's presigned S3 URLs need no other credentials either).
 */
export function codeLocation(ctx: CloudContext, blob: string): string {
  const admin = ctx.identities.byName('admin');
  if (!admin) throw new Error('the state folder has no admin identity');
  return presignedUrl({
    endpoint: ctx.endpoint(),
    path: `${CODE_DOWNLOAD_PREFIX}${blob}`,
    identity: admin,
    region: ctx.region,
    service: 'lambda',
    // Presigned URLs are checked against the real clock, whatever the cloud's own clock says.
    now: new Date(),
    expiresSeconds: 600,
  });
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
