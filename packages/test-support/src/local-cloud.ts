import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ListSigningJobsCommand, SignerClient } from '@aws-sdk/client-signer';
import {
  cloudClientConfig,
  startCloud,
  type CloudKnobs,
  type RunningCloud,
  type StartCloudOptions,
} from '@toolkit/cloud';

// Tests outside the cloud package build their own loopback clients with this.
export { cloudClientConfig };

/** SDK v3 clients pointed at one local cloud, configured as a user would for loopback. */
export interface CloudClients {
  endpoint: string;
  s3: S3Client;
  signer: SignerClient;
  lambda: LambdaClient;
  cloudformation: CloudFormationClient;
}

/** Clients for the cloud at `endpoint` (path-style S3, no Signer host prefix). */
export function cloudClients(endpoint: string, region = 'us-east-1'): CloudClients & { destroy(): void } {
  const config = cloudClientConfig(endpoint, region);
  const clients = {
    s3: new S3Client(config),
    signer: new SignerClient(config),
    lambda: new LambdaClient(config),
    cloudformation: new CloudFormationClient(config),
  };
  return { endpoint, ...clients, destroy: () => Object.values(clients).forEach((c) => c.destroy()) };
}

/** A local cloud a test started itself, with SDK clients for arranging and inspecting its state. */
export interface TestCloud extends CloudClients {
  cloud: RunningCloud;
  /** CLI flags that send a run to this cloud instead of starting one in-process. */
  targetArgs: string[];
  /** Moves the cloud's clock (signing times, revocation checks) this far ahead of the system clock, unless a clock was given. */
  advanceClock(ms: number): void;
  /** Stops the clients and the cloud. */
  close(): Promise<void>;
}

/** Starts the embedded cloud on loopback with its state in `options.stateDir`, and clients for it. */
export async function openCloud(options: StartCloudOptions & { stateDir: string }): Promise<TestCloud> {
  let offsetMs = 0;
  const cloud = await startCloud({ clock: () => new Date(Date.now() + offsetMs), ...options });
  const clients = cloudClients(cloud.endpoint, cloud.region);
  return {
    ...clients,
    cloud,
    targetArgs: ['--target', 'local', '--endpoint-url', cloud.endpoint],
    advanceClock(ms) {
      offsetMs += ms;
    },
    async close() {
      clients.destroy();
      await cloud.close();
    },
  };
}

/** `openCloud` with the given knobs: the form most tests want. */
export function startTestCloud(stateDir: string, knobs: CloudKnobs = {}): Promise<TestCloud> {
  return openCloud({ stateDir, knobs });
}

/**
 * Starts a cloud on `stateDir` just long enough to run `use`: for looking at the
 * state a run left behind (never while another cloud holds it).
 */
export async function withCloud<T>(stateDir: string, use: (clients: CloudClients) => Promise<T>): Promise<T> {
  const opened = await openCloud({ stateDir });
  try {
    return await use(opened);
  } finally {
    await opened.close();
  }
}

/** The bytes of one S3 object (a version of it when given). */
export async function getObjectBytes(s3: S3Client, bucket: string, key: string, versionId?: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

/** The current version id of an S3 object. */
export async function currentVersionId(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).VersionId;
}

/** Every object version in a bucket: a new one appears for each upload. */
export async function countObjectVersions(s3: S3Client, bucket: string): Promise<number> {
  let count = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
    );
    count += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
    if (!page.IsTruncated) return count;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

/** Names of every bucket. */
export async function listBucketNames(s3: S3Client): Promise<string[]> {
  return ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name ?? '');
}

/** Every signing job the cloud knows (one per StartSigningJob that was accepted). */
export async function listSigningJobIds(signer: SignerClient): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await signer.send(new ListSigningJobsCommand({ nextToken }));
    ids.push(...(page.jobs ?? []).map((j) => j.jobId ?? ''));
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

/** Bucket and key of a nested template URL as package writes it: `https://s3.<region>.amazonaws.com/<bucket>/<key>`. */
export function s3UrlLocation(url: string): { bucket: string; key: string } {
  const match = /^https:\/\/s3\.[a-z0-9-]+\.amazonaws\.com\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new Error(`not an S3 https URL: ${url}`);
  return { bucket: match[1]!, key: decodeURIComponent(match[2]!) };
}
