import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginFactory, S3Plugin, ServicePlugin } from '../src/index.ts';
import { pluginFactories } from '../src/plugins/index.ts';
import { bodyBytes, startFixture, type CloudFixture } from './server-fixture.ts';

/** Captures the S3 plugin the way another plugin reaches it: `ctx.plugin('s3')`. */
function probe(found: { s3?: S3Plugin }): PluginFactory {
  return (): ServicePlugin => ({
    name: 'probe',
    migrate() {},
    start(ctx) {
      found.s3 = ctx.plugin<S3Plugin>('s3');
    },
    async handle() {
      return { status: 204 };
    },
  });
}

const found: { s3?: S3Plugin } = {};
let fixture: CloudFixture;
let s3: S3Plugin;
beforeAll(async () => {
  fixture = await startFixture({ plugins: [...pluginFactories, probe(found)] });
  s3 = found.s3 as S3Plugin;
  await fixture.s3.send(new CreateBucketCommand({ Bucket: 'internal' }));
  await fixture.s3.send(new CreateBucketCommand({ Bucket: 'internal-versioned' }));
  await fixture.s3.send(
    new PutBucketVersioningCommand({ Bucket: 'internal-versioned', VersioningConfiguration: { Status: 'Enabled' } }),
  );
});
afterAll(() => fixture.close());

describe('S3 internal API for other plugins', () => {
  it('reads what SDK clients wrote, by version', async () => {
    const v1 = await fixture.s3.send(
      new PutObjectCommand({ Bucket: 'internal-versioned', Key: 'code.zip', Body: 'one' }),
    );
    await fixture.s3.send(new PutObjectCommand({ Bucket: 'internal-versioned', Key: 'code.zip', Body: 'two' }));
    const latest = await s3.getObjectBlob('internal-versioned', 'code.zip');
    expect(latest.size).toBe(3);
    expect((await s3.readObject('internal-versioned', 'code.zip')).toString()).toBe('two');
    const old = await s3.getObjectBlob('internal-versioned', 'code.zip', v1.VersionId);
    expect(old.versionId).toBe(v1.VersionId);
    expect(old.etag).toBe(v1.ETag);
    expect((await s3.readObject('internal-versioned', 'code.zip', v1.VersionId)).toString()).toBe('one');
    const head = await s3.headObject('internal-versioned', 'code.zip', v1.VersionId);
    expect(head.sha256).toBe(old.sha256);
    expect(await s3.bucketVersioning('internal-versioned')).toBe('Enabled');
    expect(await s3.bucketVersioning('internal')).toBeUndefined();
    expect(await s3.bucketExists('internal')).toBe(true);
    expect(await s3.bucketExists('not-there')).toBe(false);
  });

  it('writes objects SDK clients read, with a version id in versioned buckets', async () => {
    const put = await s3.putObject('internal-versioned', 'signed/job.zip', Buffer.from('signed'), {
      contentType: 'application/zip',
    });
    expect(put.versionId).toMatch(/^[\w-]{32}$/);
    const got = await fixture.s3.send(
      new GetObjectCommand({ Bucket: 'internal-versioned', Key: 'signed/job.zip', VersionId: put.versionId }),
    );
    expect((await bodyBytes(got.Body)).toString()).toBe('signed');
    expect(got.ContentType).toBe('application/zip');
    expect(got.ETag).toBe(put.etag);
    const plain = await s3.putObject('internal', 'plain', Buffer.from('x'));
    expect(plain.versionId).toBeUndefined();
  });

  it('throws the S3 errors NoSuchBucket, NoSuchKey and NoSuchVersion', async () => {
    await expect(s3.getObjectBlob('absent-bucket', 'k')).rejects.toMatchObject({ code: 'NoSuchBucket', status: 404 });
    await expect(s3.getObjectBlob('internal', 'absent')).rejects.toMatchObject({ code: 'NoSuchKey', status: 404 });
    await expect(
      s3.getObjectBlob('internal-versioned', 'code.zip', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    ).rejects.toMatchObject({
      code: 'NoSuchVersion',
      status: 404,
    });
  });
});
