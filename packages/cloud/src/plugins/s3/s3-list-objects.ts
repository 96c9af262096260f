import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { xmlResponse } from '../../protocols/rest-xml.ts';
import type { XmlValue } from '../../protocols/xml.ts';
import type { S3Env } from './s3-env.ts';
import { s3Errors } from './s3-errors.ts';
import type { ObjectVersion } from './s3-store.ts';

/** Sorts after every key that starts with a common prefix (U+10FFFF is the largest code point). */
const PAST_PREFIX = '\u{10FFFF}';
const BATCH = 1000;

/** One page of a listing: objects and common prefixes in key order. */
interface ListPage {
  contents: ObjectVersion[];
  prefixes: string[];
  truncated: boolean;
  /** Position to resume after (exclusive), when truncated. */
  next: string | undefined;
  /** The last key or prefix returned (V1's NextMarker). */
  lastReturned: string | undefined;
}

/** Walks current keys after `after`, folding keys under `delimiter` into common prefixes, up to `maxKeys` entries. */
function listPage(
  env: S3Env,
  bucket: string,
  prefix: string,
  delimiter: string,
  after: string,
  maxKeys: number,
): ListPage {
  const contents: ObjectVersion[] = [];
  const prefixes: string[] = [];
  let cursor = after;
  let lastReturned: string | undefined;
  for (;;) {
    const batch = env.store.keysAfter(bucket, prefix, cursor, BATCH);
    let jumped = false;
    for (const object of batch) {
      if (!object.key.startsWith(prefix))
        return { contents, prefixes, truncated: false, next: undefined, lastReturned };
      if (contents.length + prefixes.length >= maxKeys)
        return { contents, prefixes, truncated: true, next: cursor, lastReturned };
      const rest = object.key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (cut !== -1) {
        const common = prefix + rest.slice(0, cut + delimiter.length);
        prefixes.push(common);
        lastReturned = common;
        cursor = common + PAST_PREFIX;
        jumped = true;
        break;
      }
      contents.push(object);
      lastReturned = object.key;
      cursor = object.key;
    }
    if (!jumped && batch.length < BATCH) return { contents, prefixes, truncated: false, next: undefined, lastReturned };
  }
}

function maxKeysOf(request: ServiceRequest): number {
  const raw = request.query.get('max-keys');
  if (raw === null) return 1000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw s3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', raw);
  return Math.min(value, 1000);
}

function encoder(request: ServiceRequest): (value: string | undefined) => string | undefined {
  const url = request.query.get('encoding-type') === 'url';
  return (value) => (value === undefined || !url ? value : encodeURIComponent(value).replace(/%2F/g, '/'));
}

function contentsXml(
  contents: ObjectVersion[],
  encode: (v: string) => string | undefined,
  owner?: XmlValue,
): XmlValue[] {
  return contents.map((object) => ({
    Key: encode(object.key),
    LastModified: object.lastModified,
    ETag: object.etag,
    ...(Object.keys(object.checksums).length
      ? { ChecksumAlgorithm: Object.keys(object.checksums), ChecksumType: object.checksumType }
      : {}),
    Size: object.size,
    Owner: owner,
    StorageClass: 'STANDARD',
  }));
}

/** ListObjectsV2: prefix, delimiter, max-keys, continuation-token, start-after, KeyCount. */
export function listObjectsV2(request: ServiceRequest, env: S3Env, bucket: string): ServiceResponse {
  env.store.bucket(bucket);
  const prefix = request.query.get('prefix') ?? '';
  const delimiter = request.query.get('delimiter') ?? '';
  const token = request.query.get('continuation-token');
  const startAfter = request.query.get('start-after') ?? '';
  const maxKeys = maxKeysOf(request);
  let after = startAfter;
  if (token !== null) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith('v1:'))
      throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
    after = decoded.slice(3);
  }
  const page = listPage(env, bucket, prefix, delimiter, after, maxKeys);
  const encode = encoder(request);
  const owner =
    request.query.get('fetch-owner') === 'true' ? { ID: env.ctx.accountId, DisplayName: 'local' } : undefined;
  return xmlResponse('ListBucketResult', {
    Name: bucket,
    Prefix: encode(prefix),
    Delimiter: delimiter ? encode(delimiter) : undefined,
    MaxKeys: maxKeys,
    EncodingType: request.query.get('encoding-type') ?? undefined,
    KeyCount: page.contents.length + page.prefixes.length,
    IsTruncated: page.truncated,
    ContinuationToken: token ?? undefined,
    NextContinuationToken:
      page.truncated && page.next !== undefined ? Buffer.from(`v1:${page.next}`).toString('base64url') : undefined,
    StartAfter: startAfter ? encode(startAfter) : undefined,
    Contents: contentsXml(page.contents, (v) => encode(v), owner),
    CommonPrefixes: page.prefixes.map((common) => ({ Prefix: encode(common) })),
  });
}

/** ListObjects (V1): marker and NextMarker (only with a delimiter, as S3 does). */
export function listObjectsV1(request: ServiceRequest, env: S3Env, bucket: string): ServiceResponse {
  env.store.bucket(bucket);
  const prefix = request.query.get('prefix') ?? '';
  const delimiter = request.query.get('delimiter') ?? '';
  const marker = request.query.get('marker') ?? '';
  const maxKeys = maxKeysOf(request);
  const after = delimiter && marker.endsWith(delimiter) && marker.startsWith(prefix) ? marker + PAST_PREFIX : marker;
  const page = listPage(env, bucket, prefix, delimiter, after, maxKeys);
  const encode = encoder(request);
  const owner = { ID: env.ctx.accountId, DisplayName: 'local' };
  return xmlResponse('ListBucketResult', {
    Name: bucket,
    Prefix: encode(prefix),
    Marker: encode(marker),
    NextMarker: page.truncated && delimiter ? encode(page.lastReturned) : undefined,
    MaxKeys: maxKeys,
    Delimiter: delimiter ? encode(delimiter) : undefined,
    EncodingType: request.query.get('encoding-type') ?? undefined,
    IsTruncated: page.truncated,
    Contents: contentsXml(page.contents, (v) => encode(v), owner),
    CommonPrefixes: page.prefixes.map((common) => ({ Prefix: encode(common) })),
  });
}

/** ListObjectVersions: every version and delete marker, newest first per key (prefix, key/version markers, max-keys). */
export function listObjectVersions(request: ServiceRequest, env: S3Env, bucket: string): ServiceResponse {
  env.store.bucket(bucket);
  const prefix = request.query.get('prefix') ?? '';
  const keyMarker = request.query.get('key-marker') ?? '';
  const versionMarker = request.query.get('version-id-marker') ?? '';
  const maxKeys = maxKeysOf(request);
  let afterSeq = Number.MAX_SAFE_INTEGER;
  let afterKey = keyMarker;
  if (keyMarker && versionMarker) {
    const marked = env.store.version(bucket, keyMarker, versionMarker);
    if (marked) afterSeq = marked.seq;
  } else if (keyMarker) {
    afterSeq = -1;
  }
  if (!keyMarker) afterKey = '';
  const rows = env.store
    .versionsAfter(bucket, prefix, afterKey, afterSeq, maxKeys + 1)
    .filter((row) => row.key.startsWith(prefix));
  const truncated = rows.length > maxKeys;
  const page = rows.slice(0, maxKeys);
  const last = page[page.length - 1];
  const encode = encoder(request);
  const owner = { ID: env.ctx.accountId, DisplayName: 'local' };
  const entry = (row: ObjectVersion) => ({
    Key: encode(row.key),
    VersionId: row.versionId,
    IsLatest: row.isLatest,
    LastModified: row.lastModified,
    ...(row.deleteMarker ? {} : { ETag: row.etag, Size: row.size, StorageClass: 'STANDARD' }),
    Owner: owner,
  });
  // S3 interleaves versions and delete markers in key/age order; clients read both lists.
  return xmlResponse('ListVersionsResult', {
    Name: bucket,
    Prefix: encode(prefix),
    KeyMarker: encode(keyMarker),
    VersionIdMarker: versionMarker,
    NextKeyMarker: truncated && last ? encode(last.key) : undefined,
    NextVersionIdMarker: truncated && last ? last.versionId : undefined,
    MaxKeys: maxKeys,
    EncodingType: request.query.get('encoding-type') ?? undefined,
    IsTruncated: truncated,
    Version: page.filter((row) => !row.deleteMarker).map(entry),
    DeleteMarker: page.filter((row) => row.deleteMarker).map(entry),
  });
}
