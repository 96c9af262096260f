import { S3_XML_BODY_LIMIT } from '../../protocols/body-limits.ts';
import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { xmlResponse } from '../../protocols/rest-xml.ts';
import type { S3Env } from './s3-env.ts';
import { resolveVersion } from './s3-object-handlers.ts';
import { versionHeader } from './s3-object-headers.ts';
import { tagsFromXml } from './s3-tags.ts';

/** GetObjectTagging: the tag set of the current version or of `versionId`. */
export function getObjectTagging(
  request: ServiceRequest,
  env: S3Env,
  bucketName: string,
  key: string,
): ServiceResponse {
  const bucket = env.store.bucket(bucketName);
  const object = resolveVersion(env, bucket, key, request.query.get('versionId'), 'GET');
  return xmlResponse(
    'Tagging',
    { TagSet: { Tag: object.tags.map(([tagKey, value]) => ({ Key: tagKey, Value: value })) } },
    versionHeader(object, bucket.versioning),
  );
}

/** PutObjectTagging: replaces the tag set of one version. */
export async function putObjectTagging(
  request: ServiceRequest,
  env: S3Env,
  bucketName: string,
  key: string,
): Promise<ServiceResponse> {
  const bucket = env.store.bucket(bucketName);
  const object = resolveVersion(env, bucket, key, request.query.get('versionId'), 'PUT');
  const tags = tagsFromXml(await request.readBody(S3_XML_BODY_LIMIT));
  env.store.setTags(object.seq, tags);
  return { status: 200, headers: versionHeader(object, bucket.versioning) };
}

/** DeleteObjectTagging: removes the tag set of one version. */
export function deleteObjectTagging(
  request: ServiceRequest,
  env: S3Env,
  bucketName: string,
  key: string,
): ServiceResponse {
  const bucket = env.store.bucket(bucketName);
  const object = resolveVersion(env, bucket, key, request.query.get('versionId'), 'DELETE');
  env.store.setTags(object.seq, []);
  return { status: 204, headers: versionHeader(object, bucket.versioning) };
}
