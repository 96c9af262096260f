import { readFile } from 'node:fs/promises';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { OperationError, messages } from '@toolkit/core';
import { artifactKey } from './artifact-key.ts';
import { getBucketVersioning, unversionedBucketError } from './bucket-versioning.ts';
import { uploadInParts, type ObjectParams } from './multipart-upload.ts';
import { isS3NotFound } from './s3-errors.ts';

/** What to upload and where. */
export interface UploadArtifactInput {
  bucket: string;
  prefix: string;
  /** Path of the built zip on disk: read whole when it fits one part, else a part at a time. */
  file: string;
  /** Lowercase hex SHA-256 of the file: the object key. */
  sha256: string;
  size: number;
  /** Upload even when an object with this key exists. */
  forceUpload?: boolean;
  /** Encrypt with SSE-KMS under this key (id, alias or ARN). */
  kmsKeyId?: string;
}

/** Where the artifact lives now; `uploaded` is false when it was already there. */
export interface UploadedArtifact {
  bucket: string;
  key: string;
  versionId: string;
  uploaded: boolean;
}

/** Tuning for large files; the defaults suit Lambda-sized zips. */
export interface UploadTuning {
  /** Bytes per multipart part (at least 5 MiB); files up to one part go up in a single PutObject. */
  partSize?: number;
  /** Parts in flight per file (default 2: each holds a part in memory). */
  queueSize?: number;
  signal?: AbortSignal;
}

/** S3's smallest multipart part: zips up to this size go up in one PutObject. */
const MIN_PART_SIZE = 5 * 1024 * 1024;

/** S3 answers the literal version id "null" for objects written while versioning was off. */
function realVersion(versionId: string | undefined): string | undefined {
  return versionId && versionId !== 'null' ? versionId : undefined;
}

/**
 * Uploads a built artifact to `<prefix>/<sha256>.zip` unless it is already there, and returns
 * its S3 version id, which Signer needs. Throws a UserInputError when the bucket is not versioned.
 */
export async function uploadArtifact(
  s3: S3Client,
  input: UploadArtifactInput,
  tuning: UploadTuning = {},
): Promise<UploadedArtifact> {
  const key = artifactKey(input.prefix, input.sha256);
  if (!input.forceUpload) {
    const existing = await headIfPresent(s3, input.bucket, key, tuning.signal);
    // A size mismatch means something else was written under our content address: replace it.
    if (existing && existing.size === input.size) {
      const versionId = realVersion(existing.versionId);
      if (versionId) return { bucket: input.bucket, key, versionId, uploaded: false };
      // Present but unversioned: either versioning is off (user must fix) or the object predates it (re-upload).
      const status = await getBucketVersioning(s3, input.bucket);
      if (status !== 'Enabled') throw unversionedBucketError(input.bucket, status);
    }
  }
  const params = {
    Bucket: input.bucket,
    Key: key,
    ContentType: 'application/zip',
    ...(input.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: input.kmsKeyId } : {}),
  };
  const partSize = tuning.partSize ?? MIN_PART_SIZE;
  const result =
    input.size <= partSize
      ? await putWhole(s3, params, input, tuning.signal)
      : await uploadInParts(s3, params, {
          path: input.file,
          size: input.size,
          partSize,
          slots: tuning.queueSize ?? 2,
          ...(tuning.signal ? { signal: tuning.signal } : {}),
        });
  const versionId = realVersion(result.VersionId);
  if (!versionId) {
    const status = await getBucketVersioning(s3, input.bucket);
    throw unversionedBucketError(input.bucket, status === 'Enabled' ? 'no VersionId returned' : status);
  }
  return { bucket: input.bucket, key, versionId, uploaded: true };
}

/**
 * One PutObject for a zip of at most one part. Its SHA-256 is already known, so it is sent
 * as S3's checksum (S3 refuses the object if the bytes differ) and as the signed payload
 * hash, and the SDK hashes nothing itself: hashing every upload twice more cost the
 * package run of fifty functions about 0.1 s of CPU.
 */
async function putWhole(
  s3: S3Client,
  params: ObjectParams,
  input: UploadArtifactInput,
  signal: AbortSignal | undefined,
): Promise<{ VersionId?: string }> {
  const body = await readFile(input.file);
  if (body.length !== input.size)
    throw new OperationError(
      messages.UploadFileChanged,
      `${input.file} is ${body.length} bytes, not the ${input.size} it was built with; build again.`,
    );
  const command = new PutObjectCommand({
    ...params,
    Body: body,
    ContentLength: input.size,
    ChecksumSHA256: Buffer.from(input.sha256, 'hex').toString('base64'),
  });
  command.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers['x-amz-content-sha256'] = input.sha256;
      return await next(args);
    },
    { step: 'build', name: 'knownPayloadHash' },
  );
  return await s3.send(command, { abortSignal: signal });
}

async function headIfPresent(
  s3: S3Client,
  bucket: string,
  key: string,
  signal: AbortSignal | undefined,
): Promise<{ versionId: string | undefined; size: number | undefined } | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return { versionId: head.VersionId, size: head.ContentLength };
  } catch (error) {
    if (isS3NotFound(error)) return undefined;
    throw error;
  }
}
