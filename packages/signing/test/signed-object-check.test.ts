import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDigest, readZipLayout, silentRunContext } from './signed-object-fixtures.ts';
import { readSignedObjectTail, whatWasSignedProblem } from '../src/orchestrator/signed-object-check.ts';
import { startTestCloud, type TestCloud } from './orchestrator-fixtures.ts';
import { storedZip } from '@toolkit/test-support';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('what was signed, for a signed object in a format other than toolkit-sig/1 (as AWS Signer makes)', () => {
  let env: TestCloud;
  const built = storedZip({ 'index.js': 'exports.handler = async () => "genuine";' });
  const evil = storedZip({ 'index.js': 'exports.handler = async () => "EVIL!!!";' });
  const expected = {
    content: { digest: packageDigest(built, readZipLayout(built)), length: built.length - 2 },
    sha256: sha256(built),
    profileVersionArn: 'arn:aws:signer:us-east-1:000000000000:/signing-profiles/P/v',
    jobId: 'job',
  };
  const put = async (key: string, body: Buffer) =>
    (await env.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: key, Body: body, ChecksumAlgorithm: 'SHA256' })))
      .VersionId!;

  beforeAll(async () => {
    env = await startTestCloud();
  });
  afterAll(async () => env?.close());

  it('accepts it when the version the job read holds the built zip, and names both SHA-256s when it does not', async () => {
    // A signed object with no toolkit-sig/1 envelope: its own bytes say nothing checkable offline.
    await put('signed/opaque.zip', built);
    const ctx = silentRunContext(env, 'any');
    const tail = (await readSignedObjectTail(ctx, { bucket: env.bucket, key: 'signed/opaque.zip' }))!;
    const genuine = { bucket: env.bucket, key: 'src/built.zip', versionId: await put('src/built.zip', built) };
    const replaced = { bucket: env.bucket, key: 'src/built.zip', versionId: await put('src/built.zip', evil) };
    expect(
      await whatWasSignedProblem(ctx, { bucket: env.bucket, key: 'signed/opaque.zip' }, tail, expected, genuine),
    ).toBeUndefined();
    expect(
      await whatWasSignedProblem(ctx, { bucket: env.bucket, key: 'signed/opaque.zip' }, tail, expected, replaced),
    ).toBe(
      `what was signed is not the zip that was built: expected SHA-256 ${sha256(built)}, found SHA-256 ${sha256(evil)} in the signed source s3://${env.bucket}/src/built.zip version ${replaced.versionId}; the uploaded object may have been replaced before signing`,
    );
    // Without a stored checksum the source's bytes are hashed instead.
    const plain = {
      bucket: env.bucket,
      key: 'src/plain.zip',
      versionId: (await env.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: 'src/plain.zip', Body: evil })))
        .VersionId!,
    };
    expect(
      await whatWasSignedProblem(ctx, { bucket: env.bucket, key: 'signed/opaque.zip' }, tail, expected, plain),
    ).toMatch(`found SHA-256 ${sha256(evil)}`);
    // Where signed objects must be toolkit-sig/1 (the local cloud), one without an envelope is refused outright.
    expect(
      await whatWasSignedProblem(
        silentRunContext(env, 'toolkit-sig/1'),
        { bucket: env.bucket, key: 'signed/opaque.zip' },
        tail,
        expected,
        genuine,
      ),
    ).toMatch(/carries no toolkit-sig\/1 signature; expected SHA-384 [0-9a-f]{96}$/);
  });
});
