import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyBytes, startFixture, type CloudFixture } from './server-fixture.ts';

let fixture: CloudFixture;
let s3: S3Client;

beforeAll(async () => {
  fixture = await startFixture();
  s3 = fixture.s3;
});
afterAll(() => fixture.close());

/** The error an SDK call rejects with: its name (S3 code) and HTTP status. */
async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; error: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, error: error as Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

const md5b64 = (data: Buffer | string) => createHash('md5').update(data).digest('base64');

describe('buckets', () => {
  it('creates, heads, lists and deletes buckets', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'life-cycle' }));
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'in-eu-west-1',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'in-eu-west-1' }));
    expect(head.BucketRegion).toBe('eu-west-1');
    const list = await s3.send(new ListBucketsCommand({}));
    const names = (list.Buckets ?? []).map((b) => b.Name);
    expect(names).toEqual(expect.arrayContaining(['life-cycle', 'in-eu-west-1']));
    expect(list.Buckets?.find((b) => b.Name === 'life-cycle')?.CreationDate).toBeInstanceOf(Date);
    await s3.send(new DeleteBucketCommand({ Bucket: 'life-cycle' }));
    const gone = await failure(s3.send(new HeadBucketCommand({ Bucket: 'life-cycle' })));
    expect(gone).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it('answers S3 errors for bucket operations', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'owned-twice' }));
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket: 'owned-twice' })))).toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      status: 409,
    });
    const invalid = await failure(s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' })));
    expect(invalid).toMatchObject({ name: 'InvalidBucketName', status: 400 });
    expect(invalid.error.BucketName).toBe('Not_Valid');
    const missing = await failure(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })));
    expect(missing).toMatchObject({ name: 'NoSuchBucket', status: 404 });
    expect(missing.error.message).toBe('The specified bucket does not exist');
    expect(missing.error.BucketName).toBe('no-such-bucket-here');
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket: 'no-such-bucket-here' })))).toMatchObject({
      name: 'NoSuchBucket',
      status: 404,
    });
    await s3.send(new PutObjectCommand({ Bucket: 'owned-twice', Key: 'k', Body: 'x' }));
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket: 'owned-twice' })))).toMatchObject({
      name: 'BucketNotEmpty',
      status: 409,
    });
  });
});

describe('objects', () => {
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'objects' }));
  });

  it('puts and gets an object with metadata, content type and a quoted MD5 ETag', async () => {
    const body = Buffer.from('hello local cloud');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'objects',
        Key: 'dir/hello.txt',
        Body: body,
        ContentType: 'text/plain',
        Metadata: { owner: 'me' },
      }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    expect(put.VersionId).toBeUndefined();
    const get = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/hello.txt' }));
    expect(await bodyBytes(get.Body)).toEqual(body);
    expect(get.ContentType).toBe('text/plain');
    expect(get.ContentLength).toBe(body.length);
    expect(get.Metadata).toEqual({ owner: 'me' });
    expect(get.ETag).toBe(put.ETag);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'dir/hello.txt' }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.LastModified).toBeInstanceOf(Date);
  });

  it('keeps keys with spaces, unicode, plus signs and percent signs', async () => {
    const key = 'odd keys/ä ö+%20 ~!*().txt';
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: key, Body: 'odd' }));
    const get = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: key }));
    expect((await bodyBytes(get.Body)).toString()).toBe('odd');
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'objects', Prefix: 'odd keys/' }));
    expect(list.Contents?.map((c) => c.Key)).toEqual([key]);
  });

  it('answers NoSuchKey (with body on GET, none on HEAD) and NoSuchBucket', async () => {
    const get = await failure(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'missing' })));
    expect(get).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(get.error.message).toBe('The specified key does not exist.');
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'missing' })))).toMatchObject({
      name: 'NotFound',
      status: 404,
    });
    expect(await failure(s3.send(new PutObjectCommand({ Bucket: 'nobucket-x', Key: 'k', Body: 'x' })))).toMatchObject({
      name: 'NoSuchBucket',
      status: 404,
    });
  });

  it('serves byte ranges with 206 and Content-Range, and 416 InvalidRange past the end', async () => {
    const body = Buffer.from('0123456789');
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'digits', Body: body }));
    const cases: [string, string, string][] = [
      ['bytes=2-5', '2345', 'bytes 2-5/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-3', '789', 'bytes 7-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
    ];
    for (const [range, text, contentRange] of cases) {
      const get = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'digits', Range: range }));
      expect(get.$metadata.httpStatusCode).toBe(206);
      expect(get.ContentRange).toBe(contentRange);
      expect((await bodyBytes(get.Body)).toString()).toBe(text);
    }
    const invalid = await failure(
      s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'digits', Range: 'bytes=10-20' })),
    );
    expect(invalid).toMatchObject({ name: 'InvalidRange', status: 416 });
  });

  it('deletes objects (idempotently) and many at once', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'to-delete', Body: 'x' }));
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: 'objects', Key: 'to-delete' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'to-delete' })))).toMatchObject({
      name: 'NoSuchKey',
    });
    await s3.send(new DeleteObjectCommand({ Bucket: 'objects', Key: 'to-delete' }));
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'many/1', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'many/2', Body: 'x' }));
    const result = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'objects', Delete: { Objects: [{ Key: 'many/1' }, { Key: 'many/2' }] } }),
    );
    expect(result.Deleted?.map((d) => d.Key).sort()).toEqual(['many/1', 'many/2']);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'objects', Prefix: 'many/' }));
    expect(left.KeyCount).toBe(0);
  });

  it('copies objects, keeping or replacing metadata', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'objects',
        Key: 'copy-src',
        Body: 'copy me',
        ContentType: 'text/x-src',
        Metadata: { a: '1' },
      }),
    );
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket: 'objects', Key: 'copy-dst', CopySource: 'objects/copy-src' }),
    );
    expect(copy.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update('copy me').digest('hex')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'copy-dst' }));
    expect((await bodyBytes(got.Body)).toString()).toBe('copy me');
    expect(got.ContentType).toBe('text/x-src');
    expect(got.Metadata).toEqual({ a: '1' });
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'objects',
        Key: 'copy-dst',
        CopySource: '/objects/copy-src',
        MetadataDirective: 'REPLACE',
        ContentType: 'text/x-new',
        Metadata: { b: '2' },
      }),
    );
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'copy-dst' }));
    expect(replaced.ContentType).toBe('text/x-new');
    expect(replaced.Metadata).toEqual({ b: '2' });
    expect(
      await failure(s3.send(new CopyObjectCommand({ Bucket: 'objects', Key: 'x', CopySource: 'objects/absent' }))),
    ).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
    expect(
      await failure(
        s3.send(new CopyObjectCommand({ Bucket: 'objects', Key: 'copy-src', CopySource: 'objects/copy-src' })),
      ),
    ).toMatchObject({
      name: 'InvalidRequest',
      status: 400,
    });
  });

  it('streams a Readable body (aws-chunked with a trailing checksum) and stores it intact', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(16 * 1024, i));
    const whole = Buffer.concat(chunks);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'objects',
        Key: 'streamed',
        Body: Readable.from(chunks),
        ContentLength: whole.length,
      }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update(whole).digest('hex')}"`);
    const get = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'streamed', ChecksumMode: 'ENABLED' }));
    expect((await bodyBytes(get.Body)).equals(whole)).toBe(true);
  });
});

describe('checksums', () => {
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'checksums' }));
  });

  it('accepts a correct Content-MD5 and rejects a wrong one with BadDigest', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'checksums', Key: 'ok', Body: 'abc', ContentMD5: md5b64('abc') }));
    const bad = await failure(
      s3.send(new PutObjectCommand({ Bucket: 'checksums', Key: 'bad', Body: 'abc', ContentMD5: md5b64('abd') })),
    );
    expect(bad).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(bad.error.message).toBe('The Content-MD5 you specified did not match what we received.');
    const invalid = await failure(
      s3.send(new PutObjectCommand({ Bucket: 'checksums', Key: 'bad', Body: 'abc', ContentMD5: 'nope' })),
    );
    expect(invalid).toMatchObject({ name: 'InvalidDigest', status: 400 });
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: 'checksums', Key: 'bad' })))).toMatchObject({
      status: 404,
    });
  });

  it('verifies x-amz-checksum-crc32 and answers the stored checksum back', async () => {
    const crc = (data: string) => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(crc32(Buffer.from(data)));
      return out.toString('base64');
    };
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'checksums', Key: 'crc', Body: 'hello', ChecksumCRC32: crc('hello') }),
    );
    expect(put.ChecksumCRC32).toBe(crc('hello'));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'checksums', Key: 'crc', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC32).toBe(crc('hello'));
    const bad = await failure(
      s3.send(
        new PutObjectCommand({ Bucket: 'checksums', Key: 'crc-bad', Body: 'hello', ChecksumCRC32: crc('hellp') }),
      ),
    );
    expect(bad).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(bad.error.message).toBe('The CRC32 you specified did not match the calculated checksum.');
  });

  it('verifies CRC32C, SHA1 and SHA256 checksums the SDK computes', async () => {
    for (const algorithm of ['CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as const) {
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: 'checksums',
          Key: `alg-${algorithm}`,
          Body: `body for ${algorithm}`,
          ChecksumAlgorithm: algorithm,
        }),
      );
      expect(put[`Checksum${algorithm}`]).toEqual(expectedChecksum(algorithm, `body for ${algorithm}`));
      // Streamed chunks but the last hold 8 KiB at least, as S3 requires of aws-chunked bodies.
      const streamedBody = Buffer.concat([Buffer.alloc(8192, 's'), Buffer.from(algorithm)]);
      const streamed = await s3.send(
        new PutObjectCommand({
          Bucket: 'checksums',
          Key: `alg-stream-${algorithm}`,
          Body: Readable.from([streamedBody.subarray(0, 8192), streamedBody.subarray(8192)]),
          ContentLength: streamedBody.length,
          ChecksumAlgorithm: algorithm,
        }),
      );
      expect(streamed[`Checksum${algorithm}`]).toEqual(expectedChecksum(algorithm, streamedBody));
      const get = await s3.send(
        new GetObjectCommand({ Bucket: 'checksums', Key: `alg-stream-${algorithm}`, ChecksumMode: 'ENABLED' }),
      );
      expect((await bodyBytes(get.Body)).equals(streamedBody)).toBe(true);
      expect(get[`Checksum${algorithm}`]).toBe(streamed[`Checksum${algorithm}`]);
    }
    const sha1 = createHash('sha1').update('x').digest('base64');
    const wrong = await failure(
      s3.send(new PutObjectCommand({ Bucket: 'checksums', Key: 'sha-bad', Body: 'y', ChecksumSHA1: sha1 })),
    );
    expect(wrong).toMatchObject({ name: 'BadDigest', status: 400 });
  });
});

describe('versioning', () => {
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'versions' }));
  });

  it('reports no status before versioning was set, then Enabled / Suspended', async () => {
    const before = await s3.send(new GetBucketVersioningCommand({ Bucket: 'versions' }));
    expect(before.Status).toBeUndefined();
    const nullPut = await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'k', Body: 'v0' }));
    expect(nullPut.VersionId).toBeUndefined();
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: 'versions', VersioningConfiguration: { Status: 'Enabled' } }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'versions' }))).Status).toBe('Enabled');
  });

  it('keeps every version, reads any of them, and adds delete markers', async () => {
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'k', Body: 'v1' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'k', Body: 'v2' }));
    expect(v1.VersionId).toMatch(/^[\w-]{32}$/);
    expect(v2.VersionId).not.toBe(v1.VersionId);
    const latest = await s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'k' }));
    expect((await bodyBytes(latest.Body)).toString()).toBe('v2');
    expect(latest.VersionId).toBe(v2.VersionId);
    const old = await s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'k', VersionId: v1.VersionId }));
    expect((await bodyBytes(old.Body)).toString()).toBe('v1');
    const nullVersion = await s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'k', VersionId: 'null' }));
    expect((await bodyBytes(nullVersion.Body)).toString()).toBe('v0');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'versions', Key: 'k', VersionId: v1.VersionId }));
    expect(head.VersionId).toBe(v1.VersionId);

    const noVersion = await failure(
      s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'k', VersionId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })),
    );
    expect(noVersion).toMatchObject({ name: 'NoSuchVersion', status: 404 });

    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'versions', Key: 'k' }));
    expect(marker.DeleteMarker).toBe(true);
    const afterDelete = await s3.send(new ListObjectVersionsCommand({ Bucket: 'versions', Prefix: 'k' }));
    expect(afterDelete.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[marker.VersionId, true]]);
    expect(afterDelete.Versions?.map((v) => v.VersionId)).not.toContain(marker.VersionId);
    const hidden = await failure(s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'k' })));
    expect(hidden).toMatchObject({ name: 'NoSuchKey', status: 404 });
    const stillThere = await s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'k', VersionId: v2.VersionId }));
    expect((await bodyBytes(stillThere.Body)).toString()).toBe('v2');

    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: 'versions', Prefix: 'k' }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual([v2.VersionId, v1.VersionId, 'null']);
    expect(listed.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[marker.VersionId, true]]);

    // Removing the delete marker brings the previous version back.
    await s3.send(new DeleteObjectCommand({ Bucket: 'versions', Key: 'k', VersionId: marker.VersionId }));
    const back = await s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'k' }));
    expect((await bodyBytes(back.Body)).toString()).toBe('v2');
    await s3.send(new DeleteObjectCommand({ Bucket: 'versions', Key: 'k', VersionId: v2.VersionId }));
    const v1Again = await s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'k' }));
    expect(v1Again.VersionId).toBe(v1.VersionId);
  });

  it('copies a given source version', async () => {
    const a = await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'src', Body: 'first' }));
    await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'src', Body: 'second' }));
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket: 'versions', Key: 'dst', CopySource: `versions/src?versionId=${a.VersionId}` }),
    );
    expect(copy.CopySourceVersionId).toBe(a.VersionId);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'versions', Key: 'dst' }));
    // The copy is a new version of its own key, the one a plain GET now reads.
    expect(copy.VersionId).not.toBe(a.VersionId);
    expect(got.VersionId).toBe(copy.VersionId);
    expect((await bodyBytes(got.Body)).toString()).toBe('first');
  });

  it('writes the null version while suspended and refuses to delete a bucket with versions', async () => {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: 'versions', VersioningConfiguration: { Status: 'Suspended' } }),
    );
    const put = await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'suspended', Body: 's' }));
    expect(put.VersionId).toBe('null');
    const err = await failure(s3.send(new DeleteBucketCommand({ Bucket: 'versions' })));
    expect(err).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
  });
});

describe('ListObjectsV2', () => {
  const keys = ['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'c/1.txt', 'd.txt', 'e/1', 'e/2'];
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));
  });

  it('lists everything in key order with sizes and ETags', async () => {
    const all = await s3.send(new ListObjectsV2Command({ Bucket: 'listing' }));
    expect(all.Contents?.map((c) => c.Key)).toEqual(keys);
    expect(all.KeyCount).toBe(keys.length);
    expect(all.IsTruncated).toBe(false);
    expect(all.Contents?.[0]?.Size).toBe(5);
    expect(all.Contents?.[0]?.ETag).toBe(`"${createHash('md5').update('a.txt').digest('hex')}"`);
  });

  it('groups by delimiter into CommonPrefixes, under a prefix too', async () => {
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    expect(top.Contents?.map((c) => c.Key)).toEqual(['a.txt', 'd.txt']);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b/', 'c/', 'e/']);
    expect(top.KeyCount).toBe(5);
    const inB = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', Prefix: 'b/' }));
    expect(inB.Contents?.map((c) => c.Key)).toEqual(['b/1.txt', 'b/2.txt']);
    expect(inB.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b/c/']);
  });

  it('paginates with max-keys and continuation tokens, prefixes counting as keys', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }),
      );
      pages++;
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      seen.push(
        ...(page.Contents ?? []).map((c) => c.Key ?? ''),
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['a.txt', 'b/', 'c/', 'd.txt', 'e/']);
  });

  it('starts after a key and honours max-keys 0', async () => {
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'b/c/3.txt' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['c/1.txt', 'd.txt', 'e/1', 'e/2']);
    expect(after.StartAfter).toBe('b/c/3.txt');
    const none = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 0 }));
    expect(none.KeyCount).toBe(0);
    expect(none.IsTruncated).toBe(true);
  });
});

describe('multipart uploads', () => {
  const MiB = 1024 * 1024;
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'multipart' }));
  });

  it('completes with ETag md5(part md5s)-N and lists parts', async () => {
    const part1 = Buffer.alloc(5 * MiB, 1);
    const part2 = Buffer.from('tail');
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'multipart', Key: 'big', ContentType: 'application/zip' }),
    );
    const p1 = await s3.send(
      new UploadPartCommand({ Bucket: 'multipart', Key: 'big', UploadId, PartNumber: 1, Body: part1 }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket: 'multipart', Key: 'big', UploadId, PartNumber: 2, Body: part2 }),
    );
    const parts = await s3.send(new ListPartsCommand({ Bucket: 'multipart', Key: 'big', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, 5 * MiB],
      [2, 4],
    ]);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'multipart',
        Key: 'big',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const md5s = Buffer.concat([part1, part2].map((p) => createHash('md5').update(p).digest()));
    expect(done.ETag).toBe(`"${createHash('md5').update(md5s).digest('hex')}-2"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'multipart', Key: 'big' }));
    expect(got.ContentType).toBe('application/zip');
    expect((await bodyBytes(got.Body)).equals(Buffer.concat([part1, part2]))).toBe(true);
    expect(await failure(s3.send(new ListPartsCommand({ Bucket: 'multipart', Key: 'big', UploadId })))).toMatchObject({
      name: 'NoSuchUpload',
      status: 404,
    });
  });

  it('rejects wrong part lists with InvalidPart / InvalidPartOrder and unknown uploads with NoSuchUpload', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multipart', Key: 'bad' }));
    const p1 = await s3.send(
      new UploadPartCommand({ Bucket: 'multipart', Key: 'bad', UploadId, PartNumber: 1, Body: Buffer.alloc(5 * MiB) }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket: 'multipart', Key: 'bad', UploadId, PartNumber: 2, Body: 'x' }),
    );
    const complete = (parts: { PartNumber: number; ETag?: string }[]) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'multipart',
          Key: 'bad',
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    expect(
      await failure(
        complete([
          { PartNumber: 2, ETag: p2.ETag },
          { PartNumber: 1, ETag: p1.ETag },
        ]),
      ),
    ).toMatchObject({
      name: 'InvalidPartOrder',
      status: 400,
    });
    expect(await failure(complete([{ PartNumber: 1, ETag: '"0000"' }]))).toMatchObject({
      name: 'InvalidPart',
      status: 400,
    });
    expect(await failure(complete([{ PartNumber: 3, ETag: p2.ETag }]))).toMatchObject({
      name: 'InvalidPart',
      status: 400,
    });
    expect(
      await failure(
        complete([
          { PartNumber: 2, ETag: p2.ETag },
          { PartNumber: 3, ETag: p2.ETag },
        ]),
      ),
    ).toMatchObject({ name: 'InvalidPart' });
    const tooSmall = await s3.send(
      new UploadPartCommand({ Bucket: 'multipart', Key: 'bad', UploadId, PartNumber: 3, Body: 'y' }),
    );
    expect(
      await failure(
        complete([
          { PartNumber: 2, ETag: p2.ETag },
          { PartNumber: 3, ETag: tooSmall.ETag },
        ]),
      ),
    ).toMatchObject({
      name: 'EntityTooSmall',
      status: 400,
    });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'multipart', Key: 'bad', UploadId }));
    expect(await failure(complete([{ PartNumber: 1, ETag: p1.ETag }]))).toMatchObject({
      name: 'NoSuchUpload',
      status: 404,
    });
    expect(
      await failure(
        s3.send(new UploadPartCommand({ Bucket: 'multipart', Key: 'bad', UploadId: 'nope', PartNumber: 1, Body: 'x' })),
      ),
    ).toMatchObject({ name: 'NoSuchUpload', status: 404 });
    expect(
      await failure(s3.send(new AbortMultipartUploadCommand({ Bucket: 'multipart', Key: 'bad', UploadId: 'nope' }))),
    ).toMatchObject({
      name: 'NoSuchUpload',
      status: 404,
    });
  });

  it('works with lib-storage Upload from a stream, parts carrying CRC32 checksums', async () => {
    const chunks = Array.from({ length: 12 }, (_, i) => Buffer.alloc(MiB, i + 1));
    const whole = Buffer.concat(chunks);
    const upload = new Upload({
      client: s3,
      params: { Bucket: 'multipart', Key: 'lib-storage', Body: Readable.from(chunks), ChecksumAlgorithm: 'CRC32' },
      partSize: 5 * MiB,
      queueSize: 2,
    });
    const result = await upload.done();
    expect(result.ETag).toMatch(/-3"$/);
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'multipart', Key: 'lib-storage', ChecksumMode: 'ENABLED' }),
    );
    expect(got.ContentLength).toBe(whole.length);
    expect(got.ChecksumCRC32).toMatch(/-3$/);
    expect(
      createHash('sha256')
        .update(await bodyBytes(got.Body))
        .digest('hex'),
    ).toBe(createHash('sha256').update(whole).digest('hex'));
    const ranged = await s3.send(
      new GetObjectCommand({ Bucket: 'multipart', Key: 'lib-storage', Range: `bytes=${5 * MiB - 2}-${5 * MiB + 1}` }),
    );
    expect(await bodyBytes(ranged.Body)).toEqual(Buffer.from([5, 5, 6, 6]));
  });
});

/**
 * What S3 answers for `body`: SHA digests exactly (base64); for the CRCs, which Node cannot
 * compute, any base64 value of their width (4 or 8 bytes), since the server checked it against the SDK's.
 */
function expectedChecksum(algorithm: 'CRC32C' | 'SHA1' | 'SHA256' | 'CRC64NVME', body: string | Buffer): unknown {
  if (algorithm === 'SHA1' || algorithm === 'SHA256')
    return createHash(algorithm.toLowerCase()).update(body).digest('base64');
  return expect.stringMatching(algorithm === 'CRC32C' ? /^[A-Za-z0-9+/]{6}==$/ : /^[A-Za-z0-9+/]{11}=$/);
}
