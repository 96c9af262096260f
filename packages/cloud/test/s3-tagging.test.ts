import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCommand,
  type Tag,
} from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig, startCloud, type RunningCloud } from '../src/index.ts';
import { sdkError } from './lambda-fixtures.ts';
import { rawRequest, signFor } from './raw-http.ts';

let stateDir = '';
let cloud: RunningCloud;
let s3: S3Client;
beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'toolkit-tagging-'));
  cloud = await startCloud({ stateDir });
  s3 = new S3Client(cloudClientConfig(cloud.endpoint, cloud.region));
  await s3.send(new CreateBucketCommand({ Bucket: 'tagged' }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'tagged', VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
});
afterAll(async () => {
  s3?.destroy();
  await cloud?.close();
  await rm(stateDir, { recursive: true, force: true });
});

const tagSet = async (key: string, versionId?: string, bucket = 'tagged') =>
  (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).TagSet;

describe('object tagging', () => {
  it('stores x-amz-tagging of PutObject, in order, and counts it on GET and HEAD', async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'tagged', Key: 'a.zip', Body: 'zip', Tagging: 'team=core&note=a%20b%26c&empty=' }),
    );
    const got = await s3.send(new GetObjectTaggingCommand({ Bucket: 'tagged', Key: 'a.zip' }));
    expect(got.VersionId).toBe(put.VersionId);
    expect(got.TagSet).toEqual([
      { Key: 'team', Value: 'core' },
      { Key: 'note', Value: 'a b&c' },
      { Key: 'empty', Value: '' },
    ]);
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'tagged', Key: 'a.zip' }))).TagCount).toBe(3);
    const body = await s3.send(new GetObjectCommand({ Bucket: 'tagged', Key: 'a.zip' }));
    expect(body.TagCount).toBe(3);
    await body.Body?.transformToString();
    await s3.send(new PutObjectCommand({ Bucket: 'tagged', Key: 'untagged', Body: 'x' }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'tagged', Key: 'untagged' }))).TagCount).toBeUndefined();
    expect(await tagSet('untagged')).toEqual([]);
  });

  it('puts and deletes the tags of the current version or of a named one, answering its version id', async () => {
    const first = await s3.send(new PutObjectCommand({ Bucket: 'tagged', Key: 'v', Body: '1', Tagging: 'gen=1' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: 'tagged', Key: 'v', Body: '2', Tagging: 'gen=2' }));
    const put = await s3.send(
      new PutObjectTaggingCommand({
        Bucket: 'tagged',
        Key: 'v',
        VersionId: first.VersionId,
        Tagging: { TagSet: [{ Key: 'old', Value: 'yes' }] },
      }),
    );
    expect(put.VersionId).toBe(first.VersionId);
    expect(await tagSet('v', first.VersionId)).toEqual([{ Key: 'old', Value: 'yes' }]);
    expect(await tagSet('v')).toEqual([{ Key: 'gen', Value: '2' }]);
    const removed = await s3.send(new DeleteObjectTaggingCommand({ Bucket: 'tagged', Key: 'v' }));
    expect(removed.VersionId).toBe(second.VersionId);
    expect(await tagSet('v')).toEqual([]);
    expect(await tagSet('v', first.VersionId)).toEqual([{ Key: 'old', Value: 'yes' }]);
    expect(
      await sdkError(s3.send(new GetObjectTaggingCommand({ Bucket: 'tagged', Key: 'v', VersionId: 'nope' }))),
    ).toMatchObject({
      name: 'NoSuchVersion',
      status: 404,
    });
    expect(await sdkError(s3.send(new GetObjectTaggingCommand({ Bucket: 'tagged', Key: 'absent' })))).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
  });

  it('works on unversioned buckets without a version id', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'p', Body: 'p', Tagging: 'k=v' }));
    const got = await s3.send(new GetObjectTaggingCommand({ Bucket: 'plain', Key: 'p' }));
    expect(got.TagSet).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(got.VersionId).toBeUndefined();
  });

  it('refuses tag sets S3 refuses, and stores nothing then', async () => {
    const tags = (count: number): Tag[] => Array.from({ length: count }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const refused = async (TagSet: Tag[]) =>
      sdkError(s3.send(new PutObjectTaggingCommand({ Bucket: 'tagged', Key: 'a.zip', Tagging: { TagSet } })));
    expect(await refused(tags(10).concat({ Key: 'eleventh', Value: 'v' }))).toMatchObject({
      name: 'BadRequest',
      status: 400,
      message: 'Object tags cannot be greater than 10',
    });
    expect(await refused([{ Key: 'k'.repeat(129), Value: 'v' }])).toMatchObject({
      name: 'InvalidTag',
      message: 'The TagKey you have provided is invalid',
    });
    expect(await refused([{ Key: 'k', Value: 'v'.repeat(257) }])).toMatchObject({
      name: 'InvalidTag',
      message: 'The TagValue you have provided is invalid',
    });
    expect(
      await refused([
        { Key: 'dup', Value: '1' },
        { Key: 'dup', Value: '2' },
      ]),
    ).toMatchObject({
      name: 'InvalidTag',
      message: 'Cannot provide multiple Tags with the same key',
    });
    expect(await refused([{ Key: 'aws:cloudformation', Value: 'x' }])).toMatchObject({ name: 'InvalidTag' });
    // The limits count characters, not bytes.
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: 'tagged',
        Key: 'a.zip',
        Tagging: { TagSet: [...tags(9), { Key: 'é'.repeat(128), Value: 'ü'.repeat(256) }] },
      }),
    );
    expect(await tagSet('a.zip')).toHaveLength(10);
    expect(
      await sdkError(
        s3.send(new PutObjectCommand({ Bucket: 'tagged', Key: 'refused', Body: 'x', Tagging: 'a=1&a=2' })),
      ),
    ).toMatchObject({ name: 'InvalidTag', status: 400 });
    expect(await sdkError(s3.send(new HeadObjectCommand({ Bucket: 'tagged', Key: 'refused' })))).toMatchObject({
      status: 404,
    });
  });

  it('answers MalformedXML to a tagging document that is not one', async () => {
    for (const body of [
      '<Tagging><TagSet><Tag><Key>a</Key>',
      '<Other/>',
      '<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>',
    ]) {
      // Signed as the SDK would sign it: the body is refused for its XML, not its signature.
      const answer = await rawRequest(cloud.endpoint, {
        method: 'PUT',
        path: '/tagged/a.zip?tagging',
        headers: { authorization: signFor('s3') },
        body,
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('<Code>MalformedXML</Code>');
    }
  });

  it('gives a multipart object the tags of CreateMultipartUpload', async () => {
    const created = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'tagged', Key: 'multi', Tagging: 'stage=prod' }),
    );
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: 'tagged',
        Key: 'multi',
        UploadId: created.UploadId,
        PartNumber: 1,
        Body: 'only part',
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'tagged',
        Key: 'multi',
        UploadId: created.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(await tagSet('multi')).toEqual([{ Key: 'stage', Value: 'prod' }]);
  });

  it('copies tags by default and replaces them with x-amz-tagging-directive REPLACE', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'tagged', Key: 'src', Body: 's', Tagging: 'from=source' }));
    await s3.send(new CopyObjectCommand({ Bucket: 'tagged', Key: 'copy', CopySource: 'tagged/src' }));
    expect(await tagSet('copy')).toEqual([{ Key: 'from', Value: 'source' }]);
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'tagged',
        Key: 'replaced',
        CopySource: 'tagged/src',
        TaggingDirective: 'REPLACE',
        Tagging: 'new=1',
      }),
    );
    expect(await tagSet('replaced')).toEqual([{ Key: 'new', Value: '1' }]);
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'tagged',
        Key: 'cleared',
        CopySource: 'tagged/src',
        TaggingDirective: 'REPLACE',
      }),
    );
    expect(await tagSet('cleared')).toEqual([]);
  });

  it('keeps tags across a restart, and tags objects of a state dir made before tags existed', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'tagged', Key: 'durable', Body: 'd', Tagging: 'keep=me' }));
    await cloud.close();
    // A state dir from before object tags: the column is not there yet.
    const db = new Database(join(stateDir, 'cloud.db'));
    db.exec('ALTER TABLE s3_objects DROP COLUMN tags; ALTER TABLE s3_uploads DROP COLUMN tags');
    db.close();
    cloud = await startCloud({ stateDir });
    s3.destroy();
    s3 = new S3Client(cloudClientConfig(cloud.endpoint, cloud.region));
    expect(await tagSet('durable')).toEqual([]);
    expect((await s3.send(new GetObjectCommand({ Bucket: 'tagged', Key: 'durable' }))).Body).toBeDefined();
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: 'tagged',
        Key: 'durable',
        Tagging: { TagSet: [{ Key: 'keep', Value: 'me' }] },
      }),
    );
    await cloud.close();
    cloud = await startCloud({ stateDir });
    s3.destroy();
    s3 = new S3Client(cloudClientConfig(cloud.endpoint, cloud.region));
    expect(await tagSet('durable')).toEqual([{ Key: 'keep', Value: 'me' }]);
  });
});
