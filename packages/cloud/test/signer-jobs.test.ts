import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CancelSigningProfileCommand,
  DescribeSigningJobCommand,
  GetRevocationStatusCommand,
  ListSigningJobsCommand,
  RevokeSignatureCommand,
  RevokeSigningProfileCommand,
  StartSigningJobCommand,
  type SigningJob,
} from '@aws-sdk/client-signer';
import { evaluateSignature, readSignedZip, verifySignedZip } from '@toolkit/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTrust } from '../src/index.ts';
import { handlerZip, sdkError } from './lambda-fixtures.ts';
import { bodyBytes } from './server-fixture.ts';
import { startSignerFixture, type SignerFixture } from './signer-fixtures.ts';
import { storedZip } from '@toolkit/test-support';

let f: SignerFixture;
let profileVersionArn: string;
let version: string;
beforeAll(async () => {
  f = await startSignerFixture();
  await f.versionedBucket('src');
  await f.versionedBucket('dest');
  ({ profileVersionArn } = await f.profile('JobProfile', { value: 10, type: 'DAYS' }));
  version = await f.upload('src', 'fn.zip', handlerZip('jobs'));
});
afterAll(async () => f?.close());

async function signedBytes(jobId: string): Promise<Buffer> {
  const job = await f.signer.send(new DescribeSigningJobCommand({ jobId }));
  const s3 = job.signedObject?.s3;
  const object = await f.s3.send(new GetObjectCommand({ Bucket: s3?.bucketName, Key: s3?.key }));
  return bodyBytes(object.Body);
}

describe('StartSigningJob and DescribeSigningJob', () => {
  it('signs the source version into <prefix><jobId>.zip and describes the job', async () => {
    const jobId = await f.start({
      profileName: 'JobProfile',
      bucket: 'src',
      key: 'fn.zip',
      version,
      destBucket: 'dest',
      prefix: 'out/',
    });
    expect(jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const job = await f.waitForJob(jobId);
    expect(job).toMatchObject({
      jobId,
      status: 'Succeeded',
      statusReason: 'Signing Succeeded',
      source: { s3: { bucketName: 'src', key: 'fn.zip', version } },
      signedObject: { s3: { bucketName: 'dest', key: `out/${jobId}.zip` } },
      platformId: 'AWSLambda-SHA384-ECDSA',
      platformDisplayName: 'AWS Lambda',
      profileName: 'JobProfile',
      profileVersion: profileVersionArn.split('/').pop(),
      jobOwner: '000000000000',
      jobInvoker: '000000000000',
      requestedBy: 'arn:aws:iam::000000000000:root',
    });
    expect(job.revocationRecord).toBeUndefined();
    const signed = await signedBytes(jobId);
    const contents = readSignedZip(signed);
    if (contents.unsigned) throw new Error('not signed');
    expect(contents.envelope).toMatchObject({
      profileVersionArn,
      jobArn: `arn:aws:signer:us-east-1:000000000000:/signing-jobs/${jobId}`,
    });
    const signedAt = Date.parse(contents.envelope.signedAt);
    expect(job.signatureExpiresAt?.getTime()).toBe(signedAt + 10 * 86_400_000);
    expect(contents.envelope.expiresAt).toBe(job.signatureExpiresAt?.toISOString());
    expect(job.createdAt!.getTime()).toBeLessThanOrEqual(signedAt);
    expect(job.completedAt!.getTime()).toBeGreaterThanOrEqual(signedAt);
    const key = exportTrust(f.stateDir).profileVersions.find(
      (v) => v.profileVersionArn === profileVersionArn,
    )?.publicKeyPem;
    expect(verifySignedZip(signed, key as string).ok).toBe(true);
  });

  it('returns the same job for a repeated clientRequestToken and refuses it for another request', async () => {
    const token = 'release-42-fn';
    const first = await f.start({ profileName: 'JobProfile', bucket: 'src', key: 'fn.zip', version, token });
    const second = await f.start({ profileName: 'JobProfile', bucket: 'src', key: 'fn.zip', version, token });
    expect(second).toBe(first);
    const other = await sdkError(
      f.start({ profileName: 'JobProfile', bucket: 'src', key: 'fn.zip', version, token, prefix: 'elsewhere/' }),
    );
    expect(other).toMatchObject({ name: 'ValidationException', status: 400 });
    await f.waitForJob(first);
    const jobs = (await f.signer.send(new ListSigningJobsCommand({ maxResults: 25 }))).jobs ?? [];
    expect(jobs.filter((j) => j.jobId === first)).toHaveLength(1);
  });

  it('refuses requests it cannot start', async () => {
    const noVersion = f.signer.send(
      new StartSigningJobCommand({
        profileName: 'JobProfile',
        source: { s3: { bucketName: 'src', key: 'fn.zip' } as never },
        destination: { s3: { bucketName: 'dest' } },
        clientRequestToken: 'no-version',
      }),
    );
    expect(await sdkError(noVersion)).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(
      await sdkError(f.start({ profileName: 'NoSuchProfile', bucket: 'src', key: 'fn.zip', version })),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(await sdkError(f.start({ profileName: 'bad-name', bucket: 'src', key: 'fn.zip', version }))).toMatchObject({
      name: 'ValidationException',
    });
    const otherOwner = f.signer.send(
      new StartSigningJobCommand({
        profileName: 'JobProfile',
        profileOwner: '123456789012',
        source: { s3: { bucketName: 'src', key: 'fn.zip', version } },
        destination: { s3: { bucketName: 'dest' } },
      }),
    );
    expect(await sdkError(otherOwner)).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(
      await sdkError(f.signer.send(new DescribeSigningJobCommand({ jobId: '00000000-0000-4000-8000-000000000000' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('refuses a canceled or revoked profile with ValidationException', async () => {
    await f.profile('Canceled_P');
    await f.signer.send(new CancelSigningProfileCommand({ profileName: 'Canceled_P' }));
    expect(await sdkError(f.start({ profileName: 'Canceled_P', bucket: 'src', key: 'fn.zip', version }))).toMatchObject(
      { name: 'ValidationException', status: 400 },
    );
    const revoked = await f.profile('Revoked_P');
    await f.signer.send(
      new RevokeSigningProfileCommand({
        profileName: 'Revoked_P',
        profileVersion: revoked.profileVersion,
        reason: 'r',
        effectiveTime: new Date(Date.now() - 1000),
      }),
    );
    expect(await sdkError(f.start({ profileName: 'Revoked_P', bucket: 'src', key: 'fn.zip', version }))).toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('failed jobs', () => {
  const failureOf = async (
    source: { bucket?: string; key: string; body?: Buffer; version?: string },
    destBucket = 'dest',
  ) => {
    const bucket = source.bucket ?? 'src';
    const v = source.version ?? (await f.upload(bucket, source.key, source.body as Buffer));
    const job = await f.waitForJob(
      await f.start({ profileName: 'JobProfile', bucket, key: source.key, version: v, destBucket }),
    );
    expect(job.status).toBe('Failed');
    expect(job.signedObject).toBeUndefined();
    expect(job.signatureExpiresAt).toBeUndefined();
    expect(job.completedAt).toBeInstanceOf(Date);
    return job.statusReason ?? '';
  };

  it('fails an empty object, a non-zip, a zip without entries and an already signed zip', async () => {
    expect(await failureOf({ key: 'empty.zip', body: Buffer.alloc(0) })).toMatch(
      /not a valid zip package: the zip is empty/,
    );
    expect(await failureOf({ key: 'text.zip', body: Buffer.from('this is not a zip file') })).toMatch(
      /not a valid zip package: .*end-of-central-directory/,
    );
    expect(await failureOf({ key: 'none.zip', body: storedZip({}) })).toMatch(/has no entries/);
    const trailing = Buffer.concat([handlerZip('t'), Buffer.from('junk')]);
    expect(await failureOf({ key: 'trailing.zip', body: trailing })).toMatch(/after its end-of-central-directory/);
    const badCd = handlerZip('cd');
    badCd.writeUInt32LE(0x12345678, badCd.length - 22 - 46 - 'index.js'.length);
    expect(await failureOf({ key: 'badcd.zip', body: badCd })).toMatch(/central directory/);
    const jobId = await f.start({ profileName: 'JobProfile', bucket: 'src', key: 'fn.zip', version });
    await f.waitForJob(jobId);
    expect(await failureOf({ key: 'signed.zip', body: await signedBytes(jobId) })).toMatch(/already signed/);
  });

  it('fails a zip whose entry names zip readers could read differently, naming the entry', async () => {
    /** `zip` with every occurrence of one name's bytes replaced by another of the same length. */
    const renamed = (zip: Buffer, from: string, to: string, only?: 'local' | 'central'): Buffer => {
      const copy = Buffer.from(zip);
      const target = Buffer.from(to, 'latin1');
      let at = copy.indexOf(from);
      for (let seen = 0; at >= 0; seen++, at = copy.indexOf(from, at + 1)) {
        if (only === undefined || (only === 'local') === (seen === 0)) target.copy(copy, at);
      }
      return copy;
    };
    const base = storedZip({ 'index.js': 'exports.handler = 1;', 'other.js': 'x' });
    expect(await failureOf({ key: 'mismatch.zip', body: renamed(base, 'other.js', 'evil.js!', 'local') })).toMatch(
      /not a valid zip package: zip entry 1 "other.js" differs from the name in its local file header \("evil.js!"\)/,
    );
    expect(await failureOf({ key: 'dup.zip', body: renamed(base, 'other.js', 'index.js') })).toMatch(
      /zip entry 1 "index.js" appears twice/,
    );
    expect(await failureOf({ key: 'abs.zip', body: renamed(base, 'other.js', '/etc/pwd') })).toMatch(
      /zip entry 1 "\/etc\/pwd" is an absolute path/,
    );
    expect(await failureOf({ key: 'dots.zip', body: renamed(base, 'other.js', '../x.js!') })).toMatch(
      /zip entry 1 "..\/x.js!" contains a ".." path segment/,
    );
    expect(await failureOf({ key: 'bs.zip', body: renamed(base, 'other.js', '..\\x.js!') })).toMatch(
      /zip entry 1 .* contains a backslash/,
    );
    expect(await failureOf({ key: 'nl.zip', body: renamed(base, 'other.js', 'evil\n.js') })).toMatch(
      /zip entry 1 "evil\\n.js" contains a control character/,
    );
  });

  it('fails a missing source version, an unversioned source bucket and a missing destination bucket', async () => {
    expect(await failureOf({ key: 'fn.zip', version: 'no-such-version' })).toMatch(
      /Could not read the source object s3:\/\/src\/fn.zip version no-such-version: NoSuchVersion/,
    );
    await f.s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
    await f.s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'fn.zip', Body: handlerZip() }));
    expect(await failureOf({ bucket: 'plain', key: 'fn.zip', version: 'null' })).toMatch(
      /Versioning is not enabled on the source bucket plain/,
    );
    expect(await failureOf({ key: 'fn.zip', version }, 'no-such-bucket')).toMatch(
      /Could not write the signed object to s3:\/\/no-such-bucket\/.*NoSuchBucket/,
    );
  });
});

describe('ListSigningJobs', () => {
  it('filters by status, revocation, platform, requester, invoker and expiry, and pages newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        await f.start({ profileName: 'JobProfile', bucket: 'src', key: 'fn.zip', version, prefix: `list${i}/` }),
      );
    for (const id of ids) await f.waitForJob(id);
    const list = async (input: ConstructorParameters<typeof ListSigningJobsCommand>[0] = {}) => {
      const all: SigningJob[] = [];
      let nextToken: string | undefined;
      do {
        const page = await f.signer.send(new ListSigningJobsCommand({ ...input, maxResults: 2, nextToken }));
        all.push(...(page.jobs ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return all;
    };
    const everything = await list();
    const created = everything.map((j) => j.createdAt!.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(new Set(everything.map((j) => j.jobId)).size).toBe(everything.length);
    expect(everything.map((j) => j.jobId)).toEqual(expect.arrayContaining(ids));
    const succeeded = await list({ status: 'Succeeded' });
    expect(succeeded.every((j) => j.status === 'Succeeded')).toBe(true);
    expect((await list({ status: 'Failed' })).every((j) => j.status === 'Failed')).toBe(true);
    expect(succeeded.find((j) => j.jobId === ids[0])).toMatchObject({
      isRevoked: false,
      profileName: 'JobProfile',
      signedObject: { s3: { key: `list0/${ids[0]}.zip` } },
    });
    expect(await list({ platformId: 'Other' })).toEqual([]);
    expect((await list({ requestedBy: 'arn:aws:iam::000000000000:root' })).length).toBe(everything.length);
    expect((await list({ jobInvoker: '000000000000' })).length).toBe(everything.length);
    expect(await list({ jobInvoker: '123456789012' })).toEqual([]);
    expect((await list({ signatureExpiresAfter: new Date(Date.now() + 9 * 86_400_000) })).length).toBe(
      succeeded.length,
    );
    expect(await list({ signatureExpiresBefore: new Date(Date.now() + 9 * 86_400_000) })).toEqual([]);
    expect(await sdkError(f.signer.send(new ListSigningJobsCommand({ maxResults: 0 })))).toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('revocation', () => {
  it('revokes a signature: describe, list, GetRevocationStatus and the trust data all show it, and Lambda would reject it', async () => {
    const jobId = await f.start({
      profileName: 'JobProfile',
      bucket: 'src',
      key: 'fn.zip',
      version,
      prefix: 'revoke/',
    });
    await f.waitForJob(jobId);
    const signed = await signedBytes(jobId);
    const jobArn = `arn:aws:signer:us-east-1:000000000000:/signing-jobs/${jobId}`;
    const verdict = () =>
      evaluateSignature({
        zip: signed,
        allowedProfileVersionArns: [profileVersionArn],
        policy: 'Enforce',
        trust: exportTrust(f.stateDir),
        at: new Date(),
      });
    expect(verdict().verdict).toBe('accept');
    const status = () =>
      f.signer.send(
        new GetRevocationStatusCommand({
          signatureTimestamp: new Date(),
          platformId: 'AWSLambda-SHA384-ECDSA',
          profileVersionArn,
          jobArn,
          certificateHashes: ['00'],
        }),
      );
    expect((await status()).revokedEntities).toEqual([]);

    await f.signer.send(new RevokeSignatureCommand({ jobId, reason: 'shipped a bug' }));
    const job = await f.signer.send(new DescribeSigningJobCommand({ jobId }));
    expect(job.revocationRecord).toMatchObject({
      reason: 'shipped a bug',
      revokedBy: 'arn:aws:iam::000000000000:root',
    });
    expect(job.revocationRecord?.revokedAt).toBeInstanceOf(Date);
    const revoked = (await f.signer.send(new ListSigningJobsCommand({ isRevoked: true }))).jobs ?? [];
    expect(revoked.map((j) => j.jobId)).toContain(jobId);
    expect(revoked.every((j) => j.isRevoked)).toBe(true);
    expect(
      ((await f.signer.send(new ListSigningJobsCommand({ isRevoked: false }))).jobs ?? []).map((j) => j.jobId),
    ).not.toContain(jobId);
    expect((await status()).revokedEntities).toEqual([jobArn]);
    expect(exportTrust(f.stateDir).revokedJobs.map((j) => j.jobArn)).toContain(jobArn);
    expect(verdict()).toMatchObject({ verdict: 'reject', failure: 'revoked' });

    await f.signer.send(new RevokeSignatureCommand({ jobId, reason: 'again' }));
    expect((await f.signer.send(new DescribeSigningJobCommand({ jobId }))).revocationRecord?.reason).toBe(
      'shipped a bug',
    );
  });

  it('refuses to revoke an unknown or failed job, or without a reason', async () => {
    expect(
      await sdkError(
        f.signer.send(new RevokeSignatureCommand({ jobId: '00000000-0000-4000-8000-000000000000', reason: 'x' })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
    const failedVersion = await f.upload('src', 'broken.zip', Buffer.from('nope'));
    const failed = await f.start({
      profileName: 'JobProfile',
      bucket: 'src',
      key: 'broken.zip',
      version: failedVersion,
    });
    await f.waitForJob(failed);
    expect(await sdkError(f.signer.send(new RevokeSignatureCommand({ jobId: failed, reason: 'x' })))).toMatchObject({
      name: 'ValidationException',
    });
    expect(await sdkError(f.signer.send(new RevokeSignatureCommand({ jobId: failed, reason: '' })))).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('reports a profile version revoked at or before the signature time', async () => {
    const p = await f.profile('RevStatus');
    const jobArn = 'arn:aws:signer:us-east-1:000000000000:/signing-jobs/11111111-1111-4111-8111-111111111111';
    const effective = new Date(Date.now() - 60_000);
    await f.signer.send(
      new RevokeSigningProfileCommand({
        profileName: 'RevStatus',
        profileVersion: p.profileVersion,
        reason: 'r',
        effectiveTime: effective,
      }),
    );
    const at = (signatureTimestamp: Date) =>
      f.signer.send(
        new GetRevocationStatusCommand({
          signatureTimestamp,
          platformId: 'AWSLambda-SHA384-ECDSA',
          profileVersionArn: p.profileVersionArn,
          jobArn,
          certificateHashes: ['00'],
        }),
      );
    expect((await at(new Date(effective.getTime() - 1000))).revokedEntities).toEqual([]);
    expect((await at(effective)).revokedEntities).toEqual([p.profileVersionArn]);
    const missing = f.signer.send(
      new GetRevocationStatusCommand({
        signatureTimestamp: new Date(),
        platformId: 'AWSLambda-SHA384-ECDSA',
        profileVersionArn: p.profileVersionArn,
        jobArn,
        certificateHashes: [],
      }),
    );
    expect(await sdkError(missing)).toMatchObject({ name: 'ValidationException' });
  });
});
