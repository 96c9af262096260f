import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { S3_XML_BODY_LIMIT } from '../../protocols/body-limits.ts';
import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { xmlResponse } from '../../protocols/rest-xml.ts';
import { parseXml } from '../../protocols/xml.ts';
import { writeHashedFile } from '../../state/hashing-file-writer.ts';
import { DIR_MODE, fsyncDir } from '../../state/state-dir.ts';
import { ChecksumStream, checksumOf, parseAlgorithm, type Checksums } from './checksums.ts';
import { ingestBody } from './s3-body.ts';
import type { S3Env } from './s3-env.ts';
import { notifyObjectEvent, requestOrigin } from './s3-notification-events.ts';
import { s3Errors } from './s3-errors.ts';
import { newUploadId } from './s3-names.ts';
import { checksumResponseHeaders, checksumXmlFields, objectHeadersFrom, versionHeader } from './s3-object-headers.ts';
import type { PartRecord } from './s3-multipart-store.ts';
import { tagsFromHeader } from './s3-tags.ts';

const MIN_PART_SIZE = 5 * 1024 * 1024;

/** CreateMultipartUpload. */
export function createMultipartUpload(
  request: ServiceRequest,
  env: S3Env,
  bucket: string,
  key: string,
): ServiceResponse {
  env.store.bucket(bucket);
  const algorithm = parseAlgorithm(header(request, 'x-amz-checksum-algorithm'));
  const type = header(request, 'x-amz-checksum-type')?.toUpperCase();
  const tags = tagsFromHeader(request) ?? [];
  const uploadId = newUploadId();
  env.multipart.create({
    uploadId,
    bucket,
    key,
    ...objectHeadersFrom(request.headers),
    checksumAlgorithm: algorithm,
    checksumType: algorithm ? (type ?? 'COMPOSITE') : undefined,
    initiated: env.ctx.now().toISOString(),
    tags,
  });
  const headers: Record<string, string> = {};
  if (algorithm) {
    headers['x-amz-checksum-algorithm'] = algorithm;
    headers['x-amz-checksum-type'] = type ?? 'COMPOSITE';
  }
  return xmlResponse('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: uploadId }, headers);
}

/** UploadPart: the part streams to its own file under `uploads/<uploadId>/`. */
export async function uploadPart(
  request: ServiceRequest,
  env: S3Env,
  bucket: string,
  key: string,
): Promise<ServiceResponse> {
  env.store.bucket(bucket);
  const uploadId = request.query.get('uploadId') ?? '';
  const upload = env.multipart.get(bucket, key, uploadId);
  const partNumber = partNumberOf(request);
  const dir = join(env.uploadsDir, uploadId);
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  const body = await ingestBody(
    request,
    (stream, verify) => writeHashedFile(stream, dir, verify),
    upload.checksumAlgorithm,
  );
  const file = join(dir, `${partNumber}-${body.sha256}`);
  try {
    await rename(body.stored.path, file);
    await fsyncDir(dir);
  } catch (error) {
    await rm(body.stored.path, { force: true });
    throw error;
  }
  const replaced = env.multipart.putPart(uploadId, {
    partNumber,
    file,
    size: body.size,
    md5: body.md5,
    checksums: body.checksums,
    lastModified: env.ctx.now().toISOString(),
  });
  if (replaced) await rm(replaced, { force: true });
  return { status: 200, headers: { etag: `"${body.md5}"`, ...checksumResponseHeaders(body.checksums) } };
}

/** ListParts (part-number-marker, max-parts). */
export function listParts(request: ServiceRequest, env: S3Env, bucket: string, key: string): ServiceResponse {
  env.store.bucket(bucket);
  const uploadId = request.query.get('uploadId') ?? '';
  const upload = env.multipart.get(bucket, key, uploadId);
  const marker = Number(request.query.get('part-number-marker') ?? '0');
  const maxParts = Math.min(Number(request.query.get('max-parts') ?? '1000'), 1000);
  const after = env.multipart.parts(uploadId).filter((part) => part.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const owner = { ID: env.ctx.accountId, DisplayName: 'local' };
  return xmlResponse('ListPartsResult', {
    Bucket: bucket,
    Key: key,
    UploadId: uploadId,
    Initiator: owner,
    Owner: owner,
    StorageClass: 'STANDARD',
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length ? page[page.length - 1]?.partNumber : undefined,
    MaxParts: maxParts,
    IsTruncated: truncated,
    ChecksumAlgorithm: upload.checksumAlgorithm,
    ChecksumType: upload.checksumType,
    Part: page.map((part) => ({
      PartNumber: part.partNumber,
      LastModified: part.lastModified,
      ETag: `"${part.md5}"`,
      Size: part.size,
      ...checksumXmlFields(part.checksums),
    })),
  });
}

/** ListMultipartUploads (prefix only; no pagination markers). */
export function listMultipartUploads(request: ServiceRequest, env: S3Env, bucket: string): ServiceResponse {
  env.store.bucket(bucket);
  const prefix = request.query.get('prefix') ?? '';
  const owner = { ID: env.ctx.accountId, DisplayName: 'local' };
  return xmlResponse('ListMultipartUploadsResult', {
    Bucket: bucket,
    KeyMarker: '',
    UploadIdMarker: '',
    Prefix: prefix,
    MaxUploads: 1000,
    IsTruncated: false,
    Upload: env.multipart.list(bucket, prefix).map((upload) => ({
      Key: upload.key,
      UploadId: upload.uploadId,
      Initiator: owner,
      Owner: owner,
      StorageClass: 'STANDARD',
      Initiated: upload.initiated,
      ChecksumAlgorithm: upload.checksumAlgorithm,
    })),
  });
}

/** AbortMultipartUpload: forgets the upload, then removes its part files. */
export async function abortMultipartUpload(
  request: ServiceRequest,
  env: S3Env,
  bucket: string,
  key: string,
): Promise<ServiceResponse> {
  env.store.bucket(bucket);
  const uploadId = request.query.get('uploadId') ?? '';
  env.multipart.get(bucket, key, uploadId);
  env.multipart.remove(uploadId);
  await rm(join(env.uploadsDir, uploadId), { recursive: true, force: true });
  return { status: 204 };
}

interface RequestedPart {
  partNumber: number;
  etag: string;
  checksums: Checksums;
}

/**
 * CompleteMultipartUpload: checks the part list, streams the parts one after another
 * into a new blob (never whole in memory), stores the object with ETag
 * `"md5(part md5s)-N"`, then drops the part files.
 */
export async function completeMultipartUpload(
  request: ServiceRequest,
  env: S3Env,
  bucket: string,
  key: string,
): Promise<ServiceResponse> {
  const target = env.store.bucket(bucket);
  const uploadId = request.query.get('uploadId') ?? '';
  const upload = env.multipart.get(bucket, key, uploadId);
  const requested = requestedParts(await request.readBody(S3_XML_BODY_LIMIT));
  const stored = new Map(env.multipart.parts(uploadId).map((part) => [part.partNumber, part]));
  const chosen: PartRecord[] = [];
  // S3 checks the order of the whole list before looking at any part.
  requested.reduce((previous, wanted) => {
    if (wanted.partNumber <= previous) throw s3Errors.invalidPartOrder(uploadId);
    return wanted.partNumber;
  }, 0);
  for (const wanted of requested) {
    const part = stored.get(wanted.partNumber);
    const etag = wanted.etag.replace(/^"|"$/g, '');
    if (!part || part.md5 !== etag) throw s3Errors.invalidPart(uploadId, wanted.partNumber, wanted.etag);
    for (const [algorithm, value] of Object.entries(wanted.checksums)) {
      if (part.checksums[algorithm as keyof Checksums] !== value)
        throw s3Errors.invalidPart(uploadId, wanted.partNumber, wanted.etag);
    }
    chosen.push(part);
  }
  for (const part of chosen.slice(0, -1)) {
    if (part.size < MIN_PART_SIZE) throw s3Errors.entityTooSmall(part.size);
  }

  const algorithm = upload.checksumAlgorithm;
  const fullObject = new ChecksumStream(algorithm && upload.checksumType === 'FULL_OBJECT' ? [algorithm] : []);
  // Callback pipeline: returns the last stream and destroys it if a part file fails to read.
  const concatenated = pipeline(Readable.from(concatFiles(chosen.map((part) => part.file))), fullObject, () => {});
  const blob = await env.ctx.blobs.put(concatenated);
  const md5s = Buffer.concat(chosen.map((part) => Buffer.from(part.md5, 'hex')));
  const etag = `"${createHash('md5').update(md5s).digest('hex')}-${chosen.length}"`;
  const checksums: Checksums = {};
  if (algorithm && upload.checksumType === 'FULL_OBJECT') {
    Object.assign(checksums, fullObject.digests());
  } else if (algorithm && chosen.every((part) => part.checksums[algorithm])) {
    const raw = Buffer.concat(chosen.map((part) => Buffer.from(part.checksums[algorithm] ?? '', 'base64')));
    checksums[algorithm] = `${checksumOf(algorithm, raw)}-${chosen.length}`;
  }
  const checksumType = Object.keys(checksums).length ? (upload.checksumType ?? 'COMPOSITE') : undefined;

  const version = env.ctx.db.transaction(() => {
    env.multipart.get(bucket, key, uploadId);
    const created = env.store.putVersion(bucket, key, {
      sha256: blob.sha256,
      size: blob.size,
      etag,
      contentType: upload.contentType,
      headers: upload.headers,
      metadata: upload.metadata,
      checksums,
      checksumType,
      partsCount: chosen.length,
      tags: upload.tags,
    });
    env.multipart.remove(uploadId);
    return created;
  })();
  await rm(join(env.uploadsDir, uploadId), { recursive: true, force: true });
  notifyObjectEvent(env.ctx, {
    bucket,
    key,
    name: 'ObjectCreated:CompleteMultipartUpload',
    size: version.size,
    etag,
    versionId: version.versionId,
    origin: requestOrigin(request),
  });
  const headers: Record<string, string> = { ...versionHeader(version, target.versioning) };
  return xmlResponse(
    'CompleteMultipartUploadResult',
    {
      Location: `${env.ctx.endpoint()}/${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`,
      Bucket: bucket,
      Key: key,
      ETag: etag,
      ...checksumXmlFields(checksums),
      ChecksumType: checksumType,
    },
    headers,
  );
}

async function* concatFiles(files: string[]): AsyncGenerator<Buffer> {
  for (const file of files) {
    for await (const chunk of createReadStream(file)) yield chunk as Buffer;
  }
}

function requestedParts(body: Buffer): RequestedPart[] {
  const parsed = parseXml(body, ['Part']);
  const root = parsed.CompleteMultipartUpload as { Part?: Record<string, unknown>[] } | undefined;
  const parts = root?.Part;
  if (!parts || parts.length === 0) throw s3Errors.malformedXml();
  return parts.map((part) => {
    const partNumber = Number(part.PartNumber);
    if (!Number.isInteger(partNumber) || typeof part.ETag !== 'string') throw s3Errors.malformedXml();
    const checksums: Checksums = {};
    for (const name of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const value = part[`Checksum${name}`];
      if (typeof value === 'string') checksums[name] = value;
    }
    return { partNumber, etag: part.ETag, checksums };
  });
}

function partNumberOf(request: ServiceRequest): number {
  const raw = request.query.get('partNumber') ?? '';
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 10000) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', raw);
  }
  return value;
}

function header(request: ServiceRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
