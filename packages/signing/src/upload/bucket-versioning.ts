import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  PutBucketVersioningCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { UserInputError, messages } from '@toolkit/core';
import { sdkErrorName } from './s3-errors.ts';

/** The error for a bucket Signer cannot read from: signing jobs need an object version. */
export function unversionedBucketError(bucket: string, status: string): UserInputError {
  return new UserInputError(
    messages.BucketNotVersioned,
    `S3 bucket "${bucket}" does not have versioning enabled (status: ${status}); AWS Signer signs only versioned objects. ` +
      `Enable it with: aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`,
  );
}

/** Reads a bucket's versioning status: `Enabled`, `Suspended` or `Disabled` (never configured). */
export async function getBucketVersioning(s3: S3Client, bucket: string): Promise<'Enabled' | 'Suspended' | 'Disabled'> {
  const out = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  return out.Status ?? 'Disabled';
}

/** Throws a UserInputError naming the bucket and the fix unless its versioning is `Enabled`. */
export async function checkBucketVersioning(s3: S3Client, bucket: string): Promise<void> {
  const status = await getBucketVersioning(s3, bucket);
  if (status !== 'Enabled') throw unversionedBucketError(bucket, status);
}

/** Creates the toolkit's artifact bucket, or reuses it when we already own it, and turns versioning on. */
export async function ensureManagedBucket(s3: S3Client, name: string): Promise<{ bucket: string; created: boolean }> {
  const region = await s3.config.region();
  // us-east-1 is the one region that rejects an explicit LocationConstraint.
  const configuration =
    region && region !== 'us-east-1' ? { LocationConstraint: region as BucketLocationConstraint } : undefined;
  let created = true;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: configuration }));
  } catch (error) {
    const code = sdkErrorName(error);
    if (code === 'BucketAlreadyOwnedByYou') {
      created = false;
    } else if (code === 'BucketAlreadyExists') {
      throw new UserInputError(
        messages.BucketNameTaken,
        `S3 bucket name "${name}" belongs to another account; choose another bucket name.`,
        { cause: error },
      );
    } else {
      throw error;
    }
  }
  await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  return { bucket: name, created };
}
