import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { PutSigningProfileCommand, SignerClient } from '@aws-sdk/client-signer';
import { cloudClientConfig, openCloud } from '@toolkit/test-support';
import { ensureManagedBucket } from '../src/upload/bucket-versioning.ts';
import { uploadArtifact } from '../src/upload/upload-artifact.ts';
import { signedContentOfFile } from '../src/format/built-zip-digest.ts';
import type { ResolvedProfile, SignRequest } from '../src/orchestrator/types.ts';

/** Counts SDK commands and HTTP attempts, and keeps an ordered log of signing events. */
export interface CommandLog {
  /** Commands as the caller issued them (once per send, whatever the retries). */
  commands: Map<string, number>;
  /** HTTP attempts answered with a throttling error. */
  throttled: number;
  /** Ordered: `start` when StartSigningJob is sent, `failed-seen` when a Describe says Failed. */
  events: string[];
  /** Most signing jobs in flight at once (started, not yet seen finished). */
  maxInFlight: number;
}

function count(log: CommandLog, name: string): void {
  log.commands.set(name, (log.commands.get(name) ?? 0) + 1);
}

/** Adds counting middleware to a Signer client: once per command, and once per HTTP attempt for throttles. */
export function instrumentSigner(signer: SignerClient): CommandLog {
  const log: CommandLog = { commands: new Map(), throttled: 0, events: [], maxInFlight: 0 };
  const inFlight = new Set<string>();
  signer.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      count(log, name);
      if (name === 'StartSigningJobCommand') log.events.push('start');
      const out = await next(args);
      const output = out.output as { jobId?: string; status?: string };
      if (name === 'StartSigningJobCommand' && output.jobId) {
        inFlight.add(output.jobId);
        log.maxInFlight = Math.max(log.maxInFlight, inFlight.size);
      }
      if (name === 'DescribeSigningJobCommand' && output.jobId && output.status !== 'InProgress') {
        inFlight.delete(output.jobId);
        if (output.status === 'Failed') log.events.push('failed-seen');
      }
      return out;
    },
    { step: 'initialize', name: 'testCountCommands' },
  );
  signer.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (
          e.$metadata?.httpStatusCode === 429 ||
          e.name === 'ThrottlingException' ||
          e.name === 'TooManyRequestsException'
        )
          log.throttled++;
        throw error;
      }
    },
    // finalizeRequest at low priority sits inside the retry middleware, so it sees every attempt's error.
    { step: 'finalizeRequest', priority: 'low', name: 'testCountThrottles' },
  );
  return log;
}

/** Number of times a command was sent, e.g. `starts(log)`. */
export function starts(log: CommandLog): number {
  return log.commands.get('StartSigningJobCommand') ?? 0;
}

/** A local cloud in a temp dir with SDK clients pointed at it. */
export interface TestCloud {
  dir: string;
  endpoint: string;
  s3: S3Client;
  signer: SignerClient;
  log: CommandLog;
  bucket: string;
  /** A fresh Signer client (e.g. with other retry settings), instrumented. */
  newSigner(config?: { maxAttempts?: number }): { signer: SignerClient; log: CommandLog };
  close(): Promise<void>;
}

/** Starts the local cloud on an ephemeral loopback port with a versioned `artifacts` bucket. */
export async function startTestCloud(
  knobs: { signingJobLatencyMs?: number; startSigningJobRateLimit?: number } = {},
): Promise<TestCloud> {
  const dir = await mkdtemp(join(tmpdir(), 'toolkit-signing-'));
  const cloud = await openCloud({ stateDir: join(dir, 'cloud'), port: 0, knobs });
  const s3 = cloud.s3;
  const clients: SignerClient[] = [];
  const newSigner = (config: { maxAttempts?: number } = {}): { signer: SignerClient; log: CommandLog } => {
    const signer = new SignerClient({ ...cloudClientConfig(cloud.endpoint, cloud.cloud.region), ...config });
    clients.push(signer);
    return { signer, log: instrumentSigner(signer) };
  };
  const { signer, log } = newSigner();
  const bucket = 'artifacts';
  await ensureManagedBucket(s3, bucket);
  return {
    dir,
    endpoint: cloud.endpoint,
    s3,
    signer,
    log,
    bucket,
    newSigner,
    async close() {
      for (const c of clients) c.destroy();
      await cloud.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a signing profile on the local cloud. */
export async function createProfile(
  signer: SignerClient,
  profileName: string,
  validity: { value: number; type: 'DAYS' | 'MONTHS' | 'YEARS' } = { value: 135, type: 'MONTHS' },
): Promise<void> {
  await signer.send(
    new PutSigningProfileCommand({
      profileName,
      platformId: 'AWSLambda-SHA384-ECDSA',
      signatureValidityPeriod: validity,
    }),
  );
}

/** Writes `content` (a zip, or anything) to disk, uploads it, and returns a SignRequest for it. */
export async function uploadedRequest(
  env: TestCloud,
  id: string,
  content: Buffer,
  profile: ResolvedProfile,
  prefix = 'signed',
): Promise<SignRequest> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const file = join(env.dir, `${sha256}.zip`);
  await writeFile(file, content);
  const uploaded = await uploadArtifact(env.s3, {
    bucket: env.bucket,
    prefix: 'artifacts',
    file,
    sha256,
    size: content.length,
  });
  // Content that is no zip is only ever signed by jobs meant to fail: any expectation serves.
  const signedContent = await signedContentOfFile(file).catch(() => ({
    digest: createHash('sha384').update(content).digest('hex'),
    length: content.length,
  }));
  return {
    id,
    sha256,
    signedContent,
    source: { bucket: uploaded.bucket, key: uploaded.key, versionId: uploaded.versionId },
    profile,
    destination: { bucket: env.bucket, prefix },
  };
}
