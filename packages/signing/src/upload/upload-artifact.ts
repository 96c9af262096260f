import { createReadStream } from 'node:fs';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { artifactKey } from './artifact-key.ts';
import { getBucketVersioning, unversionedBucketError } from './bucket-versioning.ts';
import { isS3NotFound } from './s3-errors.ts';

/** What to upload and where. */
export interface UploadArtifactInput {
  bucket: string;
  prefix: string;
  /** Path of the built zip on disk; streamed, never read whole. */
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

/** S3 answers the literal version id "null" for objects written while versioning was off. */
function realVersion(versionId: string | undefined): string | undefined {
  return versionId && versionId !== 'null' ? versionId : undefined;
}

/**
 * Uploads a built artifact to `<prefix>/<sha256>.zip` unless it is already there, and returns
 * its S3 version id, which Signer needs. Throws a UserInputError when the bucket is not versioned.
 */
export async function uploadArtifact(s3: S3Client, input: UploadArtifactInput, tuning: UploadTuning = {}): Promise<UploadedArtifact> {
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
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: input.bucket,
      Key: key,
      Body: createReadStream(input.file),
      ContentLength: input.size,
      ContentType: 'application/zip',
      ...(input.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: input.kmsKeyId } : {}),
    },
    ...(tuning.partSize ? { partSize: tuning.partSize } : {}),
    // Two parts in flight: each holds a part-sized buffer, and memory should not grow with the artifact.
    queueSize: tuning.queueSize ?? 2,
  });
  const onAbort = (): void => void upload.abort();
  tuning.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await upload.done();
    const versionId = realVersion(result.VersionId);
    if (!versionId) {
      const status = await getBucketVersioning(s3, input.bucket);
      throw unversionedBucketError(input.bucket, status === 'Enabled' ? 'no VersionId returned' : status);
    }
    return { bucket: input.bucket, key, versionId, uploaded: true };
  } finally {
    tuning.signal?.removeEventListener('abort', onAbort);
  }
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
