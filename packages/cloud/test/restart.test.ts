import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { bodyBytes } from './server-fixture.ts';
import { spawnCloud, type CloudProcess } from './server-process.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Acknowledged {
  key: string;
  versionId: string;
  sha256: string;
}

function client(cloud: CloudProcess): S3Client {
  // No retries: a request cut by the kill must fail, not be replayed against the dead process.
  const s3 = new S3Client({ ...cloudClientConfig(cloud.endpoint), maxAttempts: 1 });
  cleanups.push(async () => s3.destroy());
  return s3;
}

describe('restart after SIGKILL', () => {
  it('keeps every acknowledged object, with its content and version id', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'toolkit-restart-'));
    cleanups.push(() => rm(stateDir, { recursive: true, force: true }));

    const first = await spawnCloud(stateDir);
    cleanups.push(async () => void first.child.kill('SIGKILL'));
    const s3 = client(first);
    await s3.send(new CreateBucketCommand({ Bucket: 'durable' }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: 'durable', VersioningConfiguration: { Status: 'Enabled' } }),
    );

    const acknowledged: Acknowledged[] = [];
    const put = async (key: string, body: Buffer | Readable, sha256: string, length: number) => {
      const result = await s3.send(
        new PutObjectCommand({ Bucket: 'durable', Key: key, Body: body, ContentLength: length }),
      );
      acknowledged.push({ key, versionId: result.VersionId ?? '', sha256 });
    };
    // Writers that keep putting until the process dies; some requests are always in flight.
    let stop = false;
    const writer = async (id: number) => {
      for (let n = 0; !stop; n++) {
        const body = randomBytes(1024 + ((id * 7919 + n * 104729) % 65536));
        await put(`w${id}/${n % 5}`, body, createHash('sha256').update(body).digest('hex'), body.length);
      }
    };
    // A large streamed body that is cut in the middle by the kill.
    const endless = new Readable({
      read() {
        setTimeout(() => this.push(Buffer.alloc(64 * 1024, 7)), 5);
      },
    });
    const writers = [1, 2, 3, 4].map((id) => writer(id).catch(() => undefined));
    const cut = put('cut/huge', endless, '', 1024 * 1024 * 1024).catch(() => undefined);
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 10));

    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    stop = true;
    endless.destroy();
    await Promise.all([...writers, cut]);
    const acked = [...acknowledged];
    expect(acked.length).toBeGreaterThanOrEqual(40);

    const second = await spawnCloud(stateDir);
    cleanups.push(async () => {
      second.child.kill('SIGTERM');
      await second.exited;
    });
    const again = client(second);
    for (const object of acked) {
      const got = await again.send(
        new GetObjectCommand({ Bucket: 'durable', Key: object.key, VersionId: object.versionId }),
      );
      expect(got.VersionId).toBe(object.versionId);
      expect(
        createHash('sha256')
          .update(await bodyBytes(got.Body))
          .digest('hex'),
      ).toBe(object.sha256);
    }
    const listed = await again.send(new ListObjectsV2Command({ Bucket: 'durable' }));
    const keys = new Set(listed.Contents?.map((c) => c.Key));
    for (const object of acked) expect(keys.has(object.key)).toBe(true);
    expect(keys.has('cut/huge')).toBe(false);
    // The restarted cloud takes writes as usual.
    const after = await again.send(new PutObjectCommand({ Bucket: 'durable', Key: 'after-restart', Body: 'ok' }));
    const readBack = await again.send(
      new GetObjectCommand({ Bucket: 'durable', Key: 'after-restart', VersionId: after.VersionId }),
    );
    expect((await bodyBytes(readBack.Body)).toString()).toBe('ok');
    expect(second.stderr()).toBe('');
  });
});
