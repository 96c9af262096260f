import {
  CreateBucketCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PutSigningProfileCommand, SignerClient } from '@aws-sdk/client-signer';
import { cloudClientConfig } from '@toolkit/cloud';

const config = (endpoint: string) => cloudClientConfig(endpoint);

/** Creates a versioned bucket (Signer reads sources by version; toolkit requires it). */
export async function createVersionedBucket(endpoint: string, bucket: string): Promise<void> {
  const s3 = new S3Client(config(endpoint));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  } finally {
    s3.destroy();
  }
}

/** Object versions in a bucket: an upload adds one, so equal counts mean nothing was uploaded. */
export async function countObjectVersions(endpoint: string, bucket: string): Promise<number> {
  const s3 = new S3Client(config(endpoint));
  try {
    let count = 0;
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
      );
      count += page.Versions?.length ?? 0;
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return count;
  } finally {
    s3.destroy();
  }
}

/** Creates an `AWSLambda-SHA384-ECDSA` signing profile. */
export async function createSigningProfile(endpoint: string, profileName: string): Promise<void> {
  const signer = new SignerClient(config(endpoint));
  try {
    await signer.send(
      new PutSigningProfileCommand({
        profileName,
        platformId: 'AWSLambda-SHA384-ECDSA',
        signatureValidityPeriod: { value: 135, type: 'MONTHS' },
      }),
    );
  } finally {
    signer.destroy();
  }
}
