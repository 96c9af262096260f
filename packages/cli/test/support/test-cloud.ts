import { GetObjectCommand, HeadObjectCommand, ListBucketsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListSigningJobsCommand, SignerClient } from '@aws-sdk/client-signer';
import { startCloud, type CloudKnobs, type RunningCloud } from '@toolkit/cloud';

/** A local cloud a test started itself, with SDK clients for arranging and inspecting its state. */
export interface TestCloud {
  cloud: RunningCloud;
  s3: S3Client;
  signer: SignerClient;
  /** CLI flags that send a run to this cloud instead of starting one in-process. */
  targetArgs: string[];
  /** Moves the cloud's clock (signing times, revocation checks) this far ahead of the system clock. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/** Starts the embedded cloud on loopback with its state in `stateDir`. */
export async function startTestCloud(stateDir: string, knobs: CloudKnobs = {}): Promise<TestCloud> {
  let offsetMs = 0;
  const cloud = await startCloud({ stateDir, knobs, clock: () => new Date(Date.now() + offsetMs) });
  const base = { endpoint: cloud.endpoint, region: cloud.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const s3 = new S3Client({ ...base, forcePathStyle: true });
  const signer = new SignerClient({ ...base, disableHostPrefix: true });
  return {
    cloud,
    s3,
    signer,
    targetArgs: ['--target', 'local', '--endpoint-url', cloud.endpoint],
    advanceClock(ms) {
      offsetMs += ms;
    },
    async close() {
      s3.destroy();
      signer.destroy();
      await cloud.close();
    },
  };
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
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
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
