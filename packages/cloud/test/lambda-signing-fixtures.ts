import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  DescribeSigningJobCommand,
  PutSigningProfileCommand,
  SignerClient,
  StartSigningJobCommand,
} from '@aws-sdk/client-signer';
import { cloudClientConfig, type RunningCloud } from '../src/index.ts';
import { bodyBytes } from './server-fixture.ts';

/** Signs zips with real Signer jobs on the local cloud: upload, StartSigningJob, poll, download. */
export class ZipSigner {
  readonly signer: SignerClient;
  private readonly s3: S3Client;
  private readonly bucket: string;
  private uploads = 0;

  constructor(cloud: RunningCloud, s3: S3Client, bucket = 'signing-artifacts') {
    this.signer = new SignerClient({ ...cloudClientConfig(cloud.endpoint, cloud.region), maxAttempts: 1 });
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** Creates the versioned bucket Signer reads from and writes to. */
  async init(): Promise<void> {
    await this.s3.send(new CreateBucketCommand({ Bucket: this.bucket }));
    await this.s3.send(
      new PutBucketVersioningCommand({ Bucket: this.bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }

  /** A Lambda signing profile; returns its profile version ARN. */
  async profile(name: string, validityDays = 30): Promise<{ profileVersionArn: string; profileVersion: string }> {
    const out = await this.signer.send(
      new PutSigningProfileCommand({
        profileName: name,
        platformId: 'AWSLambda-SHA384-ECDSA',
        signatureValidityPeriod: { value: validityDays, type: 'DAYS' },
      }),
    );
    return { profileVersionArn: out.profileVersionArn ?? '', profileVersion: out.profileVersion ?? '' };
  }

  /** Signs `zip` with `profileName`; returns the signed zip and the job's ARN-bearing id. */
  async sign(zip: Buffer, profileName: string): Promise<{ signed: Buffer; jobId: string }> {
    const key = `unsigned/${++this.uploads}.zip`;
    const put = await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: zip }));
    const started = await this.signer.send(
      new StartSigningJobCommand({
        profileName,
        source: { s3: { bucketName: this.bucket, key, version: put.VersionId } },
        destination: { s3: { bucketName: this.bucket, prefix: 'signed/' } },
      }),
    );
    const jobId = started.jobId ?? '';
    for (let attempt = 0; attempt < 200; attempt++) {
      const job = await this.signer.send(new DescribeSigningJobCommand({ jobId }));
      if (job.status === 'Succeeded') {
        const object = await this.s3.send(
          new GetObjectCommand({ Bucket: job.signedObject?.s3?.bucketName, Key: job.signedObject?.s3?.key }),
        );
        return { signed: await bodyBytes(object.Body), jobId };
      }
      if (job.status === 'Failed') throw new Error(`signing job ${jobId} failed: ${job.statusReason ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`signing job ${jobId} did not finish`);
  }

  destroy(): void {
    this.signer.destroy();
  }
}

/** A copy of a signed zip with one byte of its first entry's content flipped. */
export function tamper(signed: Buffer): Buffer {
  const copy = Buffer.from(signed);
  const nameLength = copy.readUInt16LE(26);
  const extraLength = copy.readUInt16LE(28);
  const dataStart = 30 + nameLength + extraLength;
  copy[dataStart] = (copy[dataStart] ?? 0) ^ 0x01;
  return copy;
}
