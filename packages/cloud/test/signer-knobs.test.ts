import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeSigningJobCommand,
  PutSigningProfileCommand,
  SignerClient,
  StartSigningJobCommand,
} from '@aws-sdk/client-signer';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudClientConfig, startCloud, type RunningCloud } from '../src/index.ts';
import { handlerZip } from './lambda-fixtures.ts';
import { startSignerFixture, type SignerFixture } from './signer-fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fixture(knobs: {
  signingJobLatencyMs?: number;
  startSigningJobRateLimit?: number;
}): Promise<{ f: SignerFixture; version: string }> {
  const f = await startSignerFixture({ knobs });
  cleanups.push(() => f.close());
  await f.versionedBucket('src');
  await f.profile('KnobProfile');
  return { f, version: await f.upload('src', 'fn.zip', handlerZip('knobs')) };
}

describe('signingJobLatencyMs', () => {
  it('keeps a job InProgress for the configured time, then completes it', async () => {
    const { f, version } = await fixture({ signingJobLatencyMs: 1500 });
    const jobId = await f.start({ profileName: 'KnobProfile', bucket: 'src', key: 'fn.zip', version });
    const early = await f.signer.send(new DescribeSigningJobCommand({ jobId }));
    expect(early.status).toBe('InProgress');
    expect(early.signedObject).toBeUndefined();
    expect(early.completedAt).toBeUndefined();
    const done = await f.waitForJob(jobId);
    expect(done.status).toBe('Succeeded');
    expect(done.completedAt!.getTime() - done.createdAt!.getTime()).toBeGreaterThanOrEqual(1500);
  });
});

describe('startSigningJobRateLimit', () => {
  it('answers ThrottlingException 429 beyond the limit', async () => {
    const { f, version } = await fixture({ startSigningJobRateLimit: 2 });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        f.start({ profileName: 'KnobProfile', bucket: 'src', key: 'fn.zip', version, prefix: `t${i}/` }),
      ),
    );
    const throttled = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason as { name: string; $metadata: { httpStatusCode: number } });
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((e) => e.name === 'ThrottlingException' && e.$metadata.httpStatusCode === 429)).toBe(true);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
  });

  it('lets the SDK retry throttled calls to success', async () => {
    const { f, version } = await fixture({ startSigningJobRateLimit: 2 });
    const retrying = new SignerClient({ ...cloudClientConfig(f.cloud.endpoint, f.cloud.region), maxAttempts: 10 });
    cleanups.push(async () => retrying.destroy());
    const started = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        retrying.send(
          new StartSigningJobCommand({
            profileName: 'KnobProfile',
            source: { s3: { bucketName: 'src', key: 'fn.zip', version } },
            destination: { s3: { bucketName: 'src', prefix: `r${i}/` } },
          }),
        ),
      ),
    );
    expect(new Set(started.map((s) => s.jobId)).size).toBe(4);
    expect(started.some((s) => (s.$metadata.attempts ?? 1) > 1)).toBe(true);
  });
});

describe('crash recovery', () => {
  it('resumes jobs left InProgress when the cloud starts again on the same state', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'toolkit-signer-resume-'));
    cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
    const clients = (cloud: RunningCloud) => {
      const config = cloudClientConfig(cloud.endpoint, cloud.region);
      const pair = { s3: new S3Client(config), signer: new SignerClient({ ...config, maxAttempts: 1 }) };
      cleanups.push(async () => {
        pair.s3.destroy();
        pair.signer.destroy();
      });
      return pair;
    };
    const first = await startCloud({ stateDir, knobs: { signingJobLatencyMs: 60_000 } });
    const a = clients(first);
    await a.s3.send(new CreateBucketCommand({ Bucket: 'src' }));
    await a.s3.send(new PutBucketVersioningCommand({ Bucket: 'src', VersioningConfiguration: { Status: 'Enabled' } }));
    const { VersionId } = await a.s3.send(
      new PutObjectCommand({ Bucket: 'src', Key: 'fn.zip', Body: handlerZip('resume') }),
    );
    await a.signer.send(
      new PutSigningProfileCommand({ profileName: 'ResumeProfile', platformId: 'AWSLambda-SHA384-ECDSA' }),
    );
    const { jobId } = await a.signer.send(
      new StartSigningJobCommand({
        profileName: 'ResumeProfile',
        source: { s3: { bucketName: 'src', key: 'fn.zip', version: VersionId } },
        destination: { s3: { bucketName: 'src', prefix: 'signed/' } },
      }),
    );
    expect((await a.signer.send(new DescribeSigningJobCommand({ jobId }))).status).toBe('InProgress');
    await first.close();

    const second = await startCloud({ stateDir });
    cleanups.push(() => second.close());
    const b = clients(second);
    let job = await b.signer.send(new DescribeSigningJobCommand({ jobId }));
    while (job.status === 'InProgress') {
      await new Promise((resolve) => setTimeout(resolve, 10));
      job = await b.signer.send(new DescribeSigningJobCommand({ jobId }));
    }
    expect(job).toMatchObject({
      status: 'Succeeded',
      signedObject: { s3: { bucketName: 'src', key: `signed/${jobId}.zip` } },
    });
  });
});
