/**
 * Signing jobs per second through the local Signer, no latency knob: N jobs
 * started over the SDK (bounded concurrency), each polled to completion; and, for
 * the ratio, the same zip signed N times in-process with `signZip` alone.
 *
 * Run from the repo root: npx tsx packages/cloud/bench/signer-jobs-per-second.ts [jobs=300] [concurrency=16]
 */
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
import { generateProfileKeyPair, signZip } from '@toolkit/signing';
import { cloudClientConfig, startCloud } from '../src/index.ts';
import { mapConcurrent } from '@toolkit/core';
import { makeZip } from '../test/lambda-fixtures.ts';

const jobs = Number(process.argv[2] ?? 300);
const concurrency = Number(process.argv[3] ?? 16);
const zip = makeZip({
  'index.js': 'exports.handler = async () => "bench";\n'.repeat(200),
  'lib/data.json': JSON.stringify({ n: 1 }).repeat(500),
});

const stateDir = await mkdtemp(join(tmpdir(), 'toolkit-bench-signer-'));
const cloud = await startCloud({ stateDir });
const config = cloudClientConfig(cloud.endpoint, cloud.region);
const s3 = new S3Client(config);
const signer = new SignerClient(config);
try {
  await s3.send(new CreateBucketCommand({ Bucket: 'src' }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'src', VersioningConfiguration: { Status: 'Enabled' } }));
  const { VersionId } = await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'fn.zip', Body: zip }));
  await signer.send(new PutSigningProfileCommand({ profileName: 'Bench', platformId: 'AWSLambda-SHA384-ECDSA' }));

  const started = performance.now();
  await mapConcurrent(
    Array.from({ length: jobs }, (_, i) => i),
    concurrency,
    async (i) => {
      const { jobId } = await signer.send(
        new StartSigningJobCommand({
          profileName: 'Bench',
          source: { s3: { bucketName: 'src', key: 'fn.zip', version: VersionId } },
          destination: { s3: { bucketName: 'src', prefix: `signed/${i}/` } },
        }),
      );
      for (;;) {
        const job = await signer.send(new DescribeSigningJobCommand({ jobId }));
        if (job.status === 'Failed') throw new Error(job.statusReason);
        if (job.status === 'Succeeded') return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  );
  const cloudSeconds = (performance.now() - started) / 1000;

  const keys = generateProfileKeyPair();
  const inProcessStart = performance.now();
  for (let i = 0; i < jobs; i++) {
    signZip(zip, {
      privateKey: keys.privateKeyPem,
      profileVersionArn: 'arn:aws:signer:us-east-1:000000000000:/signing-profiles/Bench/AAAAAAAAAA',
      jobArn: `job-${i}`,
      signedAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
  }
  const inProcessSeconds = (performance.now() - inProcessStart) / 1000;

  const cloudRate = jobs / cloudSeconds;
  const inProcessRate = jobs / inProcessSeconds;
  process.stdout.write(
    [
      `zip: ${zip.length} bytes, jobs: ${jobs}, client concurrency: ${concurrency}`,
      `local Signer (StartSigningJob + polling, S3 read/write): ${cloudRate.toFixed(1)} jobs/s`,
      `signZip alone (PEM key parsed each time):               ${inProcessRate.toFixed(1)} signatures/s`,
      `ratio in-process / cloud: ${(inProcessRate / cloudRate).toFixed(2)}`,
      '',
    ].join('\n'),
  );
} finally {
  s3.destroy();
  signer.destroy();
  await cloud.close();
  await rm(stateDir, { recursive: true, force: true });
}
