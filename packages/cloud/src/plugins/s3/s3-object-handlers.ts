import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { xmlResponse } from '../../protocols/rest-xml.ts';
import { checkConditions, etagMatches } from './s3-conditions.ts';
import { ingestBody } from './s3-body.ts';
import type { S3Env } from './s3-env.ts';
import { notifyObjectEvent, requestOrigin } from './s3-notification-events.ts';
import { s3Errors } from './s3-errors.ts';
import {
  checksumResponseHeaders,
  checksumXmlFields,
  objectHeadersFrom,
  objectResponseHeaders,
  versionHeader,
} from './s3-object-headers.ts';
import { parseRange } from './s3-range.ts';
import type { BucketRecord, ObjectVersion } from './s3-store.ts';
import { tagCountHeader, tagsFromHeader, type Tag } from './s3-tags.ts';

/** Query parameters of GetObject that override response headers. */
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

/** PutObject: streams the body to the blob store, verifies digests, stores a new version. */
export async function putObject(
  request: ServiceRequest,
  env: S3Env,
  bucketName: string,
  key: string,
): Promise<ServiceResponse> {
  env.store.bucket(bucketName);
  checkWriteConditions(request, env, bucketName, key);
  const tags = tagsFromHeader(request) ?? [];
  const body = await ingestBody(request, (stream, verify) => env.ctx.blobs.put(stream, verify));
  const bucket = env.store.bucket(bucketName);
  checkWriteConditions(request, env, bucketName, key);
  const described = objectHeadersFrom(request.headers);
  const version = env.store.putVersion(bucketName, key, {
    sha256: body.sha256,
    size: body.size,
    etag: `"${body.md5}"`,
    ...described,
    checksums: body.checksums,
    checksumType: Object.keys(body.checksums).length ? 'FULL_OBJECT' : undefined,
    partsCount: undefined,
    tags,
  });
  notifyObjectEvent(env.ctx, {
    bucket: bucketName,
    key,
    name: 'ObjectCreated:Put',
    size: version.size,
    etag: version.etag,
    versionId: version.versionId,
    origin: requestOrigin(request),
  });
  return {
    status: 200,
    headers: {
      etag: version.etag,
      ...versionHeader(version, bucket.versioning),
      ...checksumResponseHeaders(body.checksums),
    },
  };
}

/** Conditional writes: `If-None-Match: *` (create only) and `If-Match: "etag"`. */
function checkWriteConditions(request: ServiceRequest, env: S3Env, bucket: string, key: string): void {
  const ifNoneMatch = request.headers['if-none-match'];
  const ifMatch = request.headers['if-match'];
  if (ifNoneMatch === undefined && ifMatch === undefined) return;
  const current = env.store.latest(bucket, key);
  const exists = current !== undefined && !current.deleteMarker;
  if (typeof ifNoneMatch === 'string' && exists && etagMatches(ifNoneMatch, current.etag))
    throw s3Errors.preconditionFailed('If-None-Match');
  if (typeof ifMatch === 'string') {
    if (!exists) throw s3Errors.noSuchKey(key);
    if (!etagMatches(ifMatch, current.etag)) throw s3Errors.preconditionFailed('If-Match');
  }
}

/**
 * The version a GET/HEAD/Copy names: `versionId` or the current one. A delete marker
 * as current version is NoSuchKey (with `x-amz-delete-marker`); named directly it is 405.
 */
export function resolveVersion(
  env: S3Env,
  bucket: BucketRecord,
  key: string,
  versionId: string | null,
  method: string,
): ObjectVersion {
  if (versionId !== null && versionId !== '') {
    const version = env.store.version(bucket.name, key, versionId);
    if (!version) throw s3Errors.noSuchVersion(key, versionId);
    if (version.deleteMarker) {
      throw s3Errors.methodNotAllowed(method, 'DeleteMarker', {
        'x-amz-delete-marker': 'true',
        'x-amz-version-id': version.versionId,
        allow: 'DELETE',
      });
    }
    return version;
  }
  const latest = env.store.latest(bucket.name, key);
  if (!latest) throw s3Errors.noSuchKey(key);
  if (latest.deleteMarker) {
    throw s3Errors.noSuchKey(key, { 'x-amz-delete-marker': 'true', ...versionHeader(latest, bucket.versioning) });
  }
  return latest;
}

/** GetObject and HeadObject: conditionals, Range → 206, response-* overrides, checksums on request. */
export async function getObject(
  request: ServiceRequest,
  env: S3Env,
  bucketName: string,
  key: string,
): Promise<ServiceResponse> {
  const bucket = env.store.bucket(bucketName);
  const object = resolveVersion(env, bucket, key, request.query.get('versionId'), request.method);
  const range = parseRange(stringHeader(request, 'range'), object.size);
  const wantsChecksums = stringHeader(request, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && !range;
  const headers = {
    ...objectResponseHeaders(object, bucket.versioning, wantsChecksums),
    ...tagCountHeader(object.tags),
  };
  if (checkConditions(request.headers, object) === 'not-modified') {
    const { etag, 'last-modified': lastModified } = headers;
    return {
      status: 304,
      headers: {
        etag: etag ?? object.etag,
        'last-modified': lastModified ?? '',
        ...versionHeader(object, bucket.versioning),
      },
    };
  }
  for (const [param, name] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = request.query.get(param);
    if (value !== null) headers[name] = value;
  }
  const isHead = request.method === 'HEAD';
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${object.size}`;
    headers['content-length'] = String(range.end - range.start + 1);
    return {
      status: 206,
      headers,
      body: isHead || !object.sha256 ? undefined : env.ctx.blobs.read(object.sha256, range),
    };
  }
  headers['content-length'] = String(object.size);
  if (isHead || object.size === 0 || !object.sha256)
    return { status: 200, headers, body: isHead ? undefined : Buffer.alloc(0) };
  return { status: 200, headers, body: env.ctx.blobs.read(object.sha256) };
}

/** DeleteObject: removes a version, or the current object (a delete marker in versioned buckets). */
export async function deleteObject(
  request: ServiceRequest,
  env: S3Env,
  bucketName: string,
  key: string,
): Promise<ServiceResponse> {
  const versionId = request.query.get('versionId');
  const result = deleteOne(env, bucketName, key, versionId);
  notifyDeletion(env, request, bucketName, key, versionId, result);
  return { status: 204, headers: result.headers };
}

/** One deletion, shared by DeleteObject and DeleteObjects. */
export function deleteOne(
  env: S3Env,
  bucketName: string,
  key: string,
  versionId: string | null | undefined,
): { headers: Record<string, string>; versionId?: string; deleteMarker?: boolean } {
  const bucket = env.store.bucket(bucketName);
  if (versionId) {
    const removed = env.store.deleteVersion(bucketName, key, versionId);
    const headers: Record<string, string> = { 'x-amz-version-id': versionId };
    if (removed?.deleteMarker) headers['x-amz-delete-marker'] = 'true';
    return { headers, versionId, deleteMarker: removed?.deleteMarker };
  }
  if (bucket.versioning === undefined) {
    env.store.deleteVersion(bucketName, key, 'null');
    return { headers: {} };
  }
  const marker = env.store.putVersion(
    bucketName,
    key,
    {
      sha256: null,
      size: 0,
      etag: '',
      contentType: undefined,
      headers: {},
      metadata: {},
      checksums: {},
      checksumType: undefined,
      partsCount: undefined,
    },
    true,
  );
  return {
    headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId },
    versionId: marker.versionId,
    deleteMarker: true,
  };
}

/** The event a deletion sends: a delete marker made, or a version (or an unversioned object) removed. */
export function notifyDeletion(
  env: S3Env,
  request: ServiceRequest,
  bucket: string,
  key: string,
  versionId: string | null | undefined,
  result: { versionId?: string; deleteMarker?: boolean },
): void {
  const markerCreated = !versionId && result.deleteMarker === true;
  notifyObjectEvent(env.ctx, {
    bucket,
    key,
    name: markerCreated ? 'ObjectRemoved:DeleteMarkerCreated' : 'ObjectRemoved:Delete',
    ...(result.versionId ? { versionId: result.versionId } : {}),
    origin: requestOrigin(request),
  });
}

/** `x-amz-copy-source: [/]bucket/key[?versionId=…]`, percent-encoded. */
export function parseCopySource(value: string): { bucket: string; key: string; versionId: string | null } {
  const queryAt = value.indexOf('?');
  const path = queryAt === -1 ? value : value.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : value.slice(queryAt + 1));
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path;
  }
  const trimmed = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) {
    throw s3Errors.invalidArgument(
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      'x-amz-copy-source',
      value,
    );
  }
  return { bucket: trimmed.slice(0, slash), key: trimmed.slice(slash + 1), versionId: query.get('versionId') };
}

/** CopyObject: the new version shares the source's blob; metadata copied or replaced. */
export async function copyObject(
  request: ServiceRequest,
  env: S3Env,
  bucketName: string,
  key: string,
): Promise<ServiceResponse> {
  const source = parseCopySource(stringHeader(request, 'x-amz-copy-source') ?? '');
  const sourceBucket = env.store.bucket(source.bucket);
  const target = env.store.bucket(bucketName);
  const object = resolveVersion(env, sourceBucket, source.key, source.versionId, 'GET');
  const replace = stringHeader(request, 'x-amz-metadata-directive')?.toUpperCase() === 'REPLACE';
  if (source.bucket === bucketName && source.key === key && !source.versionId && !replace) {
    throw s3Errors.invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const sourceMatch = stringHeader(request, 'x-amz-copy-source-if-match');
  if (sourceMatch !== undefined && !etagMatches(sourceMatch, object.etag))
    throw s3Errors.preconditionFailed('x-amz-copy-source-If-Match');
  const sourceNoneMatch = stringHeader(request, 'x-amz-copy-source-if-none-match');
  if (sourceNoneMatch !== undefined && etagMatches(sourceNoneMatch, object.etag)) {
    throw s3Errors.preconditionFailed('x-amz-copy-source-If-None-Match');
  }
  const described = replace
    ? objectHeadersFrom(request.headers)
    : { contentType: object.contentType, headers: object.headers, metadata: object.metadata };
  const tags = copiedTags(request, object.tags);
  const version = env.store.putVersion(bucketName, key, {
    sha256: object.sha256,
    size: object.size,
    etag: object.etag,
    ...described,
    checksums: object.checksums,
    checksumType: object.checksumType,
    partsCount: object.partsCount,
    tags,
  });
  notifyObjectEvent(env.ctx, {
    bucket: bucketName,
    key,
    name: 'ObjectCreated:Copy',
    size: version.size,
    etag: version.etag,
    versionId: version.versionId,
    origin: requestOrigin(request),
  });
  const headers: Record<string, string> = { ...versionHeader(version, target.versioning) };
  if (sourceBucket.versioning !== undefined || object.versionId !== 'null')
    headers['x-amz-copy-source-version-id'] = object.versionId;
  return xmlResponse(
    'CopyObjectResult',
    { ETag: version.etag, LastModified: version.lastModified, ...checksumXmlFields(version.checksums) },
    headers,
  );
}

/** The copy's tags: the source's (`x-amz-tagging-directive: COPY`, the default) or `x-amz-tagging` (`REPLACE`). */
function copiedTags(request: ServiceRequest, sourceTags: Tag[]): Tag[] {
  const directive = (stringHeader(request, 'x-amz-tagging-directive') ?? 'COPY').toUpperCase();
  if (directive === 'REPLACE') return tagsFromHeader(request) ?? [];
  if (directive !== 'COPY') {
    throw s3Errors.invalidArgument(
      'Unknown tagging directive.',
      'x-amz-tagging-directive',
      stringHeader(request, 'x-amz-tagging-directive') ?? '',
    );
  }
  return sourceTags;
}

function stringHeader(request: ServiceRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
