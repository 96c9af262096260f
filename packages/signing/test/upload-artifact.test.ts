import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import { UserInputError, messages } from '@toolkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBucketVersioning, ensureManagedBucket, getBucketVersioning } from '../src/upload/bucket-versioning.ts';
import { uploadArtifact } from '../src/upload/upload-artifact.ts';
import { startTestCloud, type TestCloud } from './orchestrator-fixtures.ts';
import { storedZip } from '@toolkit/test-support';

async function artifactFile(env: TestCloud, content: Buffer): Promise<{ file: string; sha256: string; size: number }> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const file = join(env.dir, `${sha256}.bin`);
  await writeFile(file, content);
  return { file, sha256, size: content.length };
}

describe('uploadArtifact against the local cloud', () => {
  let env: TestCloud;
  beforeEach(async () => {
    env = await startTestCloud();
  });
  afterEach(async () => {
    await env.close();
  });

  it('uploads once, then finds the object and keeps its VersionId', async () => {
    const art = await artifactFile(env, storedZip({ 'index.js': 'exports.handler = async () => 1;' }));
    const first = await uploadArtifact(env.s3, { bucket: env.bucket, prefix: 'app/v1', ...art });
    expect(first).toMatchObject({ bucket: env.bucket, key: `app/v1/${art.sha256}.zip`, uploaded: true });
    // The version the upload reports is the object's current one.
    const head = await env.s3.send(new HeadObjectCommand({ Bucket: env.bucket, Key: first.key }));
    expect(first.versionId).toBe(head.VersionId);
    expect(head.VersionId).toMatch(/\S/);

    const second = await uploadArtifact(env.s3, { bucket: env.bucket, prefix: 'app/v1', ...art });
    expect(second).toEqual({ ...first, uploaded: false });
    const versions = await env.s3.send(new ListObjectVersionsCommand({ Bucket: env.bucket, Prefix: first.key }));
    expect(versions.Versions).toHaveLength(1);

    const forced = await uploadArtifact(env.s3, { bucket: env.bucket, prefix: 'app/v1', ...art, forceUpload: true });
    expect(forced.uploaded).toBe(true);
    expect(forced.versionId).not.toBe(first.versionId);
  });

  it('sends the known SHA-256 as the checksum, so S3 refuses bytes that are not the content address', async () => {
    const art = await artifactFile(env, storedZip({ 'index.js': 'exports.handler = async () => 1;' }));
    const sent: Record<string, string>[] = [];
    env.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand')
          sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordPutHeaders' },
    );
    await uploadArtifact(env.s3, { bucket: env.bucket, prefix: 'ok', ...art });
    expect(sent[0]).toMatchObject({
      'x-amz-checksum-sha256': Buffer.from(art.sha256, 'hex').toString('base64'),
      'x-amz-content-sha256': art.sha256,
    });
    expect(Object.keys(sent[0] ?? {}).filter((h) => h.startsWith('x-amz-checksum-'))).toEqual([
      'x-amz-checksum-sha256',
    ]);

    const other = createHash('sha256').update('something else').digest('hex');
    await expect(
      uploadArtifact(env.s3, { bucket: env.bucket, prefix: 'bad', ...art, sha256: other }),
    ).rejects.toMatchObject({ name: 'BadDigest' });
    const versions = await env.s3.send(new ListObjectVersionsCommand({ Bucket: env.bucket, Prefix: 'bad/' }));
    expect(versions.Versions ?? []).toHaveLength(0);
  });

  it('puts the key at the bucket root when the prefix is empty', async () => {
    const art = await artifactFile(env, storedZip({ 'a.txt': 'root' }));
    const out = await uploadArtifact(env.s3, { bucket: env.bucket, prefix: '', ...art });
    expect(out.key).toBe(`${art.sha256}.zip`);
    const head = await env.s3.send(
      new HeadObjectCommand({ Bucket: env.bucket, Key: out.key, VersionId: out.versionId }),
    );
    expect(head.ContentLength).toBe(art.size);
  });

  it('streams large files as a multipart upload with a version', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    const art = await artifactFile(env, big);
    const parts: { PartNumber?: number; ChecksumCRC32?: string }[] = [];
    env.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UploadPartCommand') parts.push(args.input as (typeof parts)[number]);
        return next(args);
      },
      { step: 'initialize', name: 'testCountParts' },
    );
    const out = await uploadArtifact(
      env.s3,
      { bucket: env.bucket, prefix: 'big', ...art },
      { partSize: 5 * 1024 * 1024 },
    );
    expect(out.uploaded).toBe(true);
    const head = await env.s3.send(new HeadObjectCommand({ Bucket: env.bucket, Key: out.key }));
    expect(out.versionId).toBe(head.VersionId);
    expect(head.VersionId).toMatch(/\S/);
    expect(parts.map((p) => p.PartNumber).sort()).toEqual([1, 2, 3]);
    const crc = (data: Buffer) => Buffer.from(crc32(data).toString(16).padStart(8, '0'), 'hex').toString('base64');
    const part = (n: number) => big.subarray((n - 1) * 5 * 1024 * 1024, n * 5 * 1024 * 1024);
    expect(Object.fromEntries(parts.map((p) => [p.PartNumber, p.ChecksumCRC32]))).toEqual({
      1: crc(part(1)),
      2: crc(part(2)),
      3: crc(part(3)),
    });
    const got = await env.s3.send(new GetObjectCommand({ Bucket: env.bucket, Key: out.key, VersionId: out.versionId }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(art.sha256);
  });

  it('aborts a multipart upload that fails part-way, leaving no parts and no object', async () => {
    const art = await artifactFile(env, Buffer.alloc(7 * 1024 * 1024, 7));
    // Built as 12 MiB, now 7 MiB: the third part cannot be read.
    const error = await uploadArtifact(
      env.s3,
      { bucket: env.bucket, prefix: 'short', ...art, size: 12 * 1024 * 1024 },
      { partSize: 5 * 1024 * 1024 },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: messages.UploadFileChanged.code });
    expect((await env.s3.send(new ListMultipartUploadsCommand({ Bucket: env.bucket }))).Uploads ?? []).toEqual([]);
    expect(
      (await env.s3.send(new ListObjectVersionsCommand({ Bucket: env.bucket, Prefix: 'short/' }))).Versions ?? [],
    ).toEqual([]);
  });

  it('asks for SSE-KMS when given a KMS key', async () => {
    const art = await artifactFile(env, storedZip({ 'k.js': 'kms' }));
    const sent: Record<string, unknown>[] = [];
    env.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand') sent.push(args.input as Record<string, unknown>);
        return next(args);
      },
      { step: 'initialize', name: 'testCapturePut' },
    );
    const out = await uploadArtifact(env.s3, {
      bucket: env.bucket,
      prefix: 'kms',
      ...art,
      kmsKeyId: 'alias/artifacts',
    });
    expect(out.uploaded).toBe(true);
    expect(sent).toEqual([
      expect.objectContaining({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/artifacts' }),
    ]);
  });

  it('refuses an unversioned bucket, naming it and the fix', async () => {
    await env.s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
    const art = await artifactFile(env, storedZip({ 'x.js': 'x' }));
    const attempt = uploadArtifact(env.s3, { bucket: 'plain', prefix: 'p', ...art });
    await expect(attempt).rejects.toBeInstanceOf(UserInputError);
    await expect(attempt).rejects.toMatchObject({
      code: messages.BucketNotVersioned.code,
      message: expect.stringContaining(
        'aws s3api put-bucket-versioning --bucket plain --versioning-configuration Status=Enabled',
      ),
    });
    await expect(checkBucketVersioning(env.s3, 'plain')).rejects.toMatchObject({
      code: messages.BucketNotVersioned.code,
    });
    // A second attempt finds the unversioned object and still explains the fix.
    await expect(uploadArtifact(env.s3, { bucket: 'plain', prefix: 'p', ...art })).rejects.toMatchObject({
      code: messages.BucketNotVersioned.code,
    });
  });

  it('ensureManagedBucket creates a versioned bucket and reuses it', async () => {
    expect(await ensureManagedBucket(env.s3, 'managed-bucket')).toEqual({ bucket: 'managed-bucket', created: true });
    expect(await ensureManagedBucket(env.s3, 'managed-bucket')).toEqual({ bucket: 'managed-bucket', created: false });
    expect(await getBucketVersioning(env.s3, 'managed-bucket')).toBe('Enabled');
    await expect(checkBucketVersioning(env.s3, 'managed-bucket')).resolves.toBeUndefined();
  });
});
