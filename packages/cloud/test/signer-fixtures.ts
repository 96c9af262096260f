import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DescribeSigningJobCommand,
  PutSigningProfileCommand,
  SignerClient,
  StartSigningJobCommand,
  type DescribeSigningJobCommandOutput,
} from '@aws-sdk/client-signer';
import { cloudClientConfig } from '../src/index.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';

/** A cloud fixture with a Signer client (no retries, so errors surface as they are). */
export interface SignerFixture extends CloudFixture {
  signer: SignerClient;
  /** Creates a bucket with versioning enabled. */
  versionedBucket(name: string): Promise<void>;
  /** Uploads a body and returns its VersionId. */
  upload(bucket: string, key: string, body: Buffer): Promise<string>;
  /** Creates a Lambda signing profile and returns its version ARN. */
  profile(
    name: string,
    validity?: { value: number; type: 'DAYS' | 'MONTHS' | 'YEARS' },
  ): Promise<{ profileVersion: string; profileVersionArn: string }>;
  /** Starts a job signing `bucket/key@version` into `destBucket/prefix`. */
  start(input: {
    profileName: string;
    bucket: string;
    key: string;
    version: string;
    destBucket?: string;
    prefix?: string;
    token?: string;
  }): Promise<string>;
  /** Polls DescribeSigningJob until the job leaves InProgress. */
  waitForJob(jobId: string): Promise<DescribeSigningJobCommandOutput>;
}

/** Starts a cloud with every plugin and a Signer client pointed at it. */
export async function startSignerFixture(options: Parameters<typeof startFixture>[0] = {}): Promise<SignerFixture> {
  const fixture = await startFixture(options);
  const signer = new SignerClient({
    ...cloudClientConfig(fixture.cloud.endpoint, fixture.cloud.region),
    maxAttempts: 1,
  });
  return {
    ...fixture,
    signer,
    async versionedBucket(name) {
      await fixture.s3.send(new CreateBucketCommand({ Bucket: name }));
      await fixture.s3.send(
        new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }),
      );
    },
    async upload(bucket, key, body) {
      const result = await fixture.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      if (!result.VersionId) throw new Error(`no VersionId for ${bucket}/${key}`);
      return result.VersionId;
    },
    async profile(name, validity) {
      const result = await signer.send(
        new PutSigningProfileCommand({
          profileName: name,
          platformId: 'AWSLambda-SHA384-ECDSA',
          signatureValidityPeriod: validity,
        }),
      );
      return { profileVersion: result.profileVersion as string, profileVersionArn: result.profileVersionArn as string };
    },
    async start(input) {
      const result = await signer.send(
        new StartSigningJobCommand({
          profileName: input.profileName,
          source: { s3: { bucketName: input.bucket, key: input.key, version: input.version } },
          destination: { s3: { bucketName: input.destBucket ?? input.bucket, prefix: input.prefix ?? 'signed/' } },
          clientRequestToken: input.token,
        }),
      );
      return result.jobId as string;
    },
    async waitForJob(jobId) {
      for (;;) {
        const job = await signer.send(new DescribeSigningJobCommand({ jobId }));
        if (job.status !== 'InProgress') return job;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      signer.destroy();
      await fixture.close();
    },
  };
}
