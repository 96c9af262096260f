import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { procMemory, spawnCloud, type CloudProcess } from './server-process.ts';

const MiB = 1024 * 1024;
const TOTAL = 200 * MiB;

/** A deterministic body of `total` bytes, made on the fly 1 MiB at a time. */
function generated(total: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) {
        this.push(null);
        return;
      }
      const chunk = Buffer.alloc(Math.min(MiB, total - sent), (sent / MiB) % 251);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

let cloud: CloudProcess | undefined;
let stateDir = '';
afterAll(async () => {
  if (cloud) {
    cloud.child.kill('SIGTERM');
    await cloud.exited;
  }
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('large multipart upload', () => {
  it('takes 200 MB through lib-storage with the server memory staying flat', async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'toolkit-mem-'));
    cloud = await spawnCloud(stateDir);
    const s3 = new S3Client(cloudClientConfig(cloud.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'large' }));
    const baseline = await procMemory(cloud.pid, 'VmRSS');

    const upload = new Upload({
      client: s3,
      params: { Bucket: 'large', Key: 'big.bin', Body: generated(TOTAL) },
      partSize: 8 * MiB,
      queueSize: 4,
    });
    const result = await upload.done();
    expect(result.ETag).toMatch(/-25"$/);
    const peak = await procMemory(cloud.pid, 'VmHWM');

    const head = await s3.send(new HeadObjectCommand({ Bucket: 'large', Key: 'big.bin' }));
    expect(head.ContentLength).toBe(TOTAL);
    const expected = createHash('sha256');
    for await (const chunk of generated(TOTAL)) expected.update(chunk as Buffer);
    const actual = createHash('sha256');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'large', Key: 'big.bin' }));
    for await (const chunk of got.Body as Readable) actual.update(chunk as Buffer);
    expect(actual.digest('hex')).toBe(expected.digest('hex'));
    s3.destroy();

    // A resource bound, not a timing: the server never holds the body (or a part list of it) in memory.
    expect(peak - baseline).toBeLessThan(150 * MiB);
  });
});
