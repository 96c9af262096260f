import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { cloudClientConfig, startCloud, type RunningCloud, type StartCloudOptions } from '../src/index.ts';

/** A cloud on an ephemeral port with a temp state dir, and an S3 client pointed at it. */
export interface CloudFixture {
  cloud: RunningCloud;
  stateDir: string;
  s3: S3Client;
  /** Closes clients and the cloud, removes the state dir. */
  close(): Promise<void>;
}

/** Starts a cloud for one test file; unexpected plugin errors fail `close()` unless `onError` is given. */
export async function startFixture(options: Omit<StartCloudOptions, 'stateDir'> = {}): Promise<CloudFixture> {
  const stateDir = await mkdtemp(join(tmpdir(), 'toolkit-cloud-'));
  const errors: unknown[] = [];
  const cloud = await startCloud({ onError: (error) => errors.push(error), ...options, stateDir });
  const s3 = new S3Client(cloudClientConfig(cloud.endpoint, cloud.region));
  return {
    cloud,
    stateDir,
    s3,
    async close() {
      s3.destroy();
      try {
        await cloud.close();
      } finally {
        await rm(stateDir, { recursive: true, force: true });
      }
      if (errors.length > 0) throw errors[0];
    },
  };
}

/** Reads an SDK body stream to a Buffer. */
export async function bodyBytes(body: unknown): Promise<Buffer> {
  const stream = body as { transformToByteArray(): Promise<Uint8Array> };
  return Buffer.from(await stream.transformToByteArray());
}
