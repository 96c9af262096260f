import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import {
  createBucket,
  deleteBucket,
  getBucketLocation,
  getBucketVersioning,
  headBucket,
  listBuckets,
  putBucketVersioning,
} from './s3-bucket-handlers.ts';
import { deleteObjects } from './s3-delete-objects.ts';
import { getBucketNotification, putBucketNotification } from './s3-notification-config.ts';
import { safeDecode } from '../../protocols/rest-routes.ts';
import type { S3Env } from './s3-env.ts';
import { s3Errors } from './s3-errors.ts';
import { listObjectVersions, listObjectsV1, listObjectsV2 } from './s3-list-objects.ts';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './s3-multipart-handlers.ts';
import { copyObject, deleteObject, getObject, putObject } from './s3-object-handlers.ts';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './s3-tagging-handlers.ts';
import { S3_IAM } from './s3-iam.ts';

/** Query parameters that are not sub-resources (listing options, presigning, response overrides). */
const PLAIN_PARAMS = new Set([
  'prefix',
  'delimiter',
  'max-keys',
  'marker',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'encoding-type',
  'list-type',
  'versionId',
  'partNumber',
  'uploadId',
  'key-marker',
  'version-id-marker',
  'upload-id-marker',
  'max-uploads',
  'max-parts',
  'part-number-marker',
  'x-id',
]);

/** Where a request points: bucket and key from the virtual host or the path. */
export function bucketAndKey(request: ServiceRequest): { bucket: string | undefined; key: string | undefined } {
  const raw = request.rawPath.startsWith('/') ? request.rawPath.slice(1) : request.rawPath;
  if (request.virtualHostBucket)
    return { bucket: request.virtualHostBucket, key: raw === '' ? undefined : safeDecode(raw) };
  if (raw === '') return { bucket: undefined, key: undefined };
  const slash = raw.indexOf('/');
  if (slash === -1) return { bucket: safeDecode(raw), key: undefined };
  const key = raw.slice(slash + 1);
  return { bucket: safeDecode(raw.slice(0, slash)), key: key === '' ? undefined : safeDecode(key) };
}

function subresources(request: ServiceRequest): Set<string> {
  const names = new Set<string>();
  for (const name of request.query.keys()) {
    if (!PLAIN_PARAMS.has(name) && !name.startsWith('X-Amz-') && !name.startsWith('response-')) names.add(name);
  }
  return names;
}

/** Dispatches one S3 request to its operation. */
export async function routeS3(request: ServiceRequest, env: S3Env): Promise<ServiceResponse> {
  const { bucket, key } = bucketAndKey(request);
  const sub = subresources(request);
  const only = (name?: string) => (name === undefined ? sub.size === 0 : sub.size === 1 && sub.has(name));
  const method = request.method;
  const has = (name: string) => request.query.has(name);
  // Every operation passes the caller's IAM check first (S3_IAM names its action and resource).
  const call = <A extends unknown[], R>(handler: (...args: A) => R, ...args: A): R => {
    S3_IAM.authorize(request, env.ctx, handler, { bucket, key });
    return handler(...args);
  };

  if (bucket === undefined) {
    if (method === 'GET' && only()) return call(listBuckets, env);
    throw s3Errors.notImplemented();
  }
  if (key === undefined) {
    if (method === 'PUT' && only()) return call(createBucket, request, env, bucket);
    if (method === 'PUT' && only('versioning')) return call(putBucketVersioning, request, env, bucket);
    if (method === 'PUT' && only('notification')) return call(putBucketNotification, request, env, bucket);
    if (method === 'HEAD' && only()) return call(headBucket, env, bucket);
    if (method === 'DELETE' && only()) return call(deleteBucket, env, bucket);
    if (method === 'POST' && only('delete')) return call(deleteObjects, request, env, bucket);
    if (method === 'GET') {
      if (only('versioning')) return call(getBucketVersioning, env, bucket);
      if (only('notification')) return call(getBucketNotification, env, bucket);
      if (only('location')) return call(getBucketLocation, env, bucket);
      if (only('versions')) return call(listObjectVersions, request, env, bucket);
      if (only('uploads')) return call(listMultipartUploads, request, env, bucket);
      if (only())
        return request.query.get('list-type') === '2'
          ? call(listObjectsV2, request, env, bucket)
          : call(listObjectsV1, request, env, bucket);
    }
    throw s3Errors.notImplemented();
  }
  if (only('tagging')) {
    if (method === 'GET') return call(getObjectTagging, request, env, bucket, key);
    if (method === 'PUT') return call(putObjectTagging, request, env, bucket, key);
    if (method === 'DELETE') return call(deleteObjectTagging, request, env, bucket, key);
  }
  if (!only() && !(method === 'POST' && only('uploads'))) throw s3Errors.notImplemented();
  switch (method) {
    case 'PUT':
      if (has('uploadId') || has('partNumber')) {
        if (request.headers['x-amz-copy-source'] !== undefined) throw s3Errors.notImplemented();
        return call(uploadPart, request, env, bucket, key);
      }
      if (request.headers['x-amz-copy-source'] !== undefined) return call(copyObject, request, env, bucket, key);
      return call(putObject, request, env, bucket, key);
    case 'GET':
      if (has('uploadId')) return call(listParts, request, env, bucket, key);
      return call(getObject, request, env, bucket, key);
    case 'HEAD':
      return call(getObject, request, env, bucket, key);
    case 'DELETE':
      if (has('uploadId')) return call(abortMultipartUpload, request, env, bucket, key);
      return call(deleteObject, request, env, bucket, key);
    case 'POST':
      if (has('uploads')) return call(createMultipartUpload, request, env, bucket, key);
      if (has('uploadId')) return call(completeMultipartUpload, request, env, bucket, key);
      break;
  }
  throw s3Errors.notImplemented();
}
