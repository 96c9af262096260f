import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { S3_XML_BODY_LIMIT } from '../../protocols/body-limits.ts';
import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { xmlResponse } from '../../protocols/rest-xml.ts';
import { parseXml } from '../../protocols/xml.ts';
import type { S3Env } from './s3-env.ts';
import { s3Errors } from './s3-errors.ts';
import { isValidBucketName } from './s3-names.ts';

/** ListBuckets. */
export function listBuckets(env: S3Env): ServiceResponse {
  const owner = { ID: env.ctx.accountId, DisplayName: 'local' };
  const buckets = env.store.listBuckets().map((bucket) => ({
    Name: bucket.name,
    CreationDate: bucket.createdAt,
    BucketRegion: bucket.region,
  }));
  return xmlResponse('ListAllMyBucketsResult', { Owner: owner, Buckets: { Bucket: buckets } });
}

/** CreateBucket, with an optional `<CreateBucketConfiguration><LocationConstraint>`. */
export async function createBucket(request: ServiceRequest, env: S3Env, bucket: string): Promise<ServiceResponse> {
  if (!isValidBucketName(bucket)) throw s3Errors.invalidBucketName(bucket);
  const config = parseXml(await request.readBody(S3_XML_BODY_LIMIT));
  const location = (config.CreateBucketConfiguration as { LocationConstraint?: unknown } | undefined)
    ?.LocationConstraint;
  const region = typeof location === 'string' && location !== '' ? location : 'us-east-1';
  env.store.createBucket(bucket, region);
  return { status: 200, headers: { location: `/${bucket}` } };
}

/** HeadBucket: 200 with the region, or 404 without a body. */
export function headBucket(env: S3Env, bucket: string): ServiceResponse {
  const record = env.store.bucket(bucket);
  return { status: 200, headers: { 'x-amz-bucket-region': record.region, 'x-amz-access-point-alias': 'false' } };
}

/** DeleteBucket: only when no version of any object is left. */
export async function deleteBucket(env: S3Env, bucket: string): Promise<ServiceResponse> {
  const uploads = env.store.deleteBucket(bucket);
  for (const uploadId of uploads) await rm(join(env.uploadsDir, uploadId), { recursive: true, force: true });
  return { status: 204 };
}

/** GetBucketLocation: empty for us-east-1, as S3 answers. */
export function getBucketLocation(env: S3Env, bucket: string): ServiceResponse {
  const record = env.store.bucket(bucket);
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${
    record.region === 'us-east-1' ? '' : record.region
  }</LocationConstraint>`;
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}

/** PutBucketVersioning: `Enabled` or `Suspended`. */
export async function putBucketVersioning(
  request: ServiceRequest,
  env: S3Env,
  bucket: string,
): Promise<ServiceResponse> {
  env.store.bucket(bucket);
  const config = parseXml(await request.readBody(S3_XML_BODY_LIMIT));
  const status = (config.VersioningConfiguration as { Status?: unknown } | undefined)?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') throw s3Errors.malformedXml();
  env.store.setVersioning(bucket, status);
  return { status: 200 };
}

/** GetBucketVersioning: no Status until versioning was ever set. */
export function getBucketVersioning(env: S3Env, bucket: string): ServiceResponse {
  const record = env.store.bucket(bucket);
  return xmlResponse('VersioningConfiguration', { Status: record.versioning });
}
