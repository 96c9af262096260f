import { setTimeout as delay } from 'node:timers/promises';
import type { Identity } from '../../../iam/identity-store.ts';
import { presignedUrl } from '../../../iam/presign.ts';
import { uriEncode } from '../../../iam/sigv4.ts';
import type { CloudContext } from '../../../plugin.ts';
import { ServiceError } from '../../../service-error.ts';
import type { S3Plugin } from '../../s3/s3-plugin.ts';
import { OperationAbandoned } from '../operation-context.ts';
import { ResourceHandlerError } from './handler-error.ts';

/** CloudFormation's limit on a custom resource's response body. */
const RESPONSE_BYTES = 4096;
/** How often the response bucket is looked at: one indexed SQLite read, in-process. */
const POLL_MS = 20;
/** How long a ResponseURL stays valid, as CloudFormation's (two hours). */
const URL_SECONDS = 7200;

/** The cloud a custom resource exchange runs in, and whether it is closing. */
export interface CustomResourceHost {
  readonly ctx: CloudContext;
  /** True once the cloud is closing: a wait stops at its next look. */
  closing(): boolean;
  /** The identity the stack operation runs as: the function is invoked on its behalf. */
  caller(): Identity | undefined;
}

/** Where one request's answer goes: the object key and the presigned PUT URL the handler writes to. */
export interface ResponseTarget {
  bucket: string;
  key: string;
  url: string;
}

/** A custom resource handler's SUCCESS answer. */
export interface CustomResourceSuccess {
  physicalId: string;
  data: Record<string, unknown>;
  noEcho: boolean;
}

/**
 * The response bucket CloudFormation names per region (`cloudformation-custom-resource-response-useast1`),
 * made in the local S3 on first use, and a presigned PUT for `stackId|logicalId|requestId` signed with
 * the administrator's key (on AWS, CloudFormation's own), so handlers need no credentials.
 */
export async function responseTarget(
  host: CustomResourceHost,
  stackId: string,
  logicalId: string,
  requestId: string,
): Promise<ResponseTarget> {
  const { ctx } = host;
  const bucket = `cloudformation-custom-resource-response-${ctx.region.replace(/-/g, '')}`;
  const s3 = ctx.plugin<S3Plugin>('s3');
  if (!(await s3.bucketExists(bucket))) {
    await s3.createBucket(bucket).catch((error: unknown) => {
      // Two resources asked at once: the other one made it.
      if (!(error instanceof ServiceError && error.code === 'BucketAlreadyOwnedByYou')) throw error;
    });
  }
  const admin = ctx.identities.byName('admin');
  if (!admin) throw new Error('the state folder has no admin identity');
  const key = `${stackId}|${logicalId}|${requestId}`;
  const url = presignedUrl({
    method: 'PUT',
    endpoint: ctx.endpoint(),
    path: `/${bucket}/${key.split('/').map(uriEncode).join('/')}`,
    identity: admin,
    region: ctx.region,
    service: 's3',
    // Presigned URLs are checked against the real clock, whatever the cloud's own clock says.
    now: new Date(),
    expiresSeconds: URL_SECONDS,
  });
  return { bucket, key, url };
}

/**
 * Waits for the handler's answer at `target` and reads it: SUCCESS gives the physical id and
 * Data; FAILED, a malformed answer or none within `timeoutMs` throw the status reason
 * CloudFormation gives. A FAILED answer's physical id rides on the error (rollback deletes it).
 */
export async function awaitResponse(
  host: CustomResourceHost,
  target: ResponseTarget,
  requestId: string,
  timeoutMs: number,
  timeoutNote: string,
): Promise<CustomResourceSuccess> {
  const s3 = host.ctx.plugin<S3Plugin>('s3');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (host.closing()) throw new OperationAbandoned();
    const found = await s3.headObject(target.bucket, target.key).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ServiceError && error.code === 'NoSuchKey') return false;
        throw error;
      },
    );
    if (found) break;
    if (Date.now() >= deadline)
      throw new ResourceHandlerError(
        `CloudFormation did not receive a response from your Custom Resource. Please check your logs for requestId [${requestId}]. ${timeoutNote}`,
      );
    await delay(POLL_MS);
  }
  return parseResponse(await s3.readObject(target.bucket, target.key), requestId);
}

/** A response body checked as CloudFormation checks it. */
export function parseResponse(body: Buffer, requestId: string): CustomResourceSuccess {
  if (body.length > RESPONSE_BYTES) throw new ResourceHandlerError('Response object is too long.');
  let response: unknown;
  try {
    response = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ResourceHandlerError('Invalid response object: the body is not JSON');
  }
  if (response === null || typeof response !== 'object' || Array.isArray(response))
    throw new ResourceHandlerError('Invalid response object: the body is not a JSON object');
  const fields = response as Record<string, unknown>;
  const status = fields.Status;
  if (status !== 'SUCCESS' && status !== 'FAILED')
    throw new ResourceHandlerError(
      `Invalid response object: Status must be SUCCESS or FAILED, got ${JSON.stringify(status)}`,
    );
  const physicalId = fields.PhysicalResourceId;
  // CloudFormation needs a non-empty id (up to 1 KB) in every answer, FAILED ones too; the
  // cfn-response and crhelper libraries send the log stream name when the handler gives none.
  if (typeof physicalId !== 'string' || physicalId === '' || Buffer.byteLength(physicalId) > 1024)
    throw new ResourceHandlerError('Invalid PhysicalResourceId');
  if (status === 'FAILED') {
    const reason = typeof fields.Reason === 'string' ? fields.Reason : '';
    throw new ResourceHandlerError(
      `Received response status [FAILED] from custom resource. Message returned: ${reason} (RequestId: ${requestId})`,
      physicalId,
    );
  }
  const data = fields.Data ?? {};
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new ResourceHandlerError('Invalid response object: Data must be a JSON object');
  return {
    physicalId,
    data: data as Record<string, unknown>,
    noEcho: fields.NoEcho === true || fields.NoEcho === 'true',
  };
}
