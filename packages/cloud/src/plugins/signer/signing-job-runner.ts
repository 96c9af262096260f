import { SignedPackageError, addValidity, signZip } from '@toolkit/signing';
import type { CloudContext } from '../../plugin.ts';
import { ServiceError } from '../../service-error.ts';
import type { JobRow, JobStore } from './job-store.ts';
import type { ProfileKeyStore } from './profile-key-store.ts';
import type { ProfileStore } from './profile-store.ts';
import type { SignerObjects } from './signer-objects.ts';
import { findPlatform } from './signing-platforms.ts';
import { messages } from '@toolkit/core';

/** What the runner works with. */
export interface SigningJobRunnerDeps {
  ctx: CloudContext;
  jobs: JobStore;
  profiles: ProfileStore;
  keys: ProfileKeyStore;
  objects: SignerObjects;
}

/**
 * Runs signing jobs in the background: each stays InProgress for the
 * `signingJobLatencyMs` knob (counted from its creation, so resumed jobs do not
 * wait twice), then reads its source version, signs it and writes
 * `<prefix><jobId>.zip`, ending Succeeded or Failed with a reason.
 */
export class SigningJobRunner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly deps: SigningJobRunnerDeps) {}

  /** Queues a job; it runs once its latency has passed. */
  schedule(job: JobRow): void {
    if (this.closed) return;
    const latency = this.deps.ctx.knobs.signingJobLatencyMs ?? 0;
    const delay = Math.max(0, job.created_at + latency - this.deps.ctx.now().getTime());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.run(job.job_id).finally(() => this.running.delete(run));
      this.running.add(run);
    }, delay);
    this.timers.add(timer);
  }

  /** Stops queued jobs (they stay InProgress and resume at the next start) and waits for running ones. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled(this.running);
  }

  private async run(jobId: string): Promise<void> {
    const { ctx, jobs } = this.deps;
    const job = jobs.get(jobId);
    if (!job || job.status !== 'InProgress') return;
    try {
      const signed = await this.sign(job);
      jobs.complete(jobId, {
        status: 'Succeeded',
        statusReason: 'Signing Succeeded',
        completedAt: ctx.now().getTime(),
        ...signed,
      });
    } catch (error) {
      jobs.complete(jobId, { status: 'Failed', statusReason: failureReason(error), completedAt: ctx.now().getTime() });
    }
  }

  private async sign(job: JobRow): Promise<{ signedKey: string; signatureExpiresAt: number }> {
    const { ctx, profiles, keys, objects } = this.deps;
    const version = profiles.version(job.profile_version);
    if (!version) throw new Error(`profile version ${job.profile_version} is missing`);
    const source = await objects
      .readVersion(job.source_bucket, job.source_key, job.source_version)
      .catch((error: unknown) => {
        throw new JobFailure(
          `Could not read the source object s3://${job.source_bucket}/${job.source_key} version ${job.source_version}: ${describe(error)}`,
        );
      });
    const maxBytes = (findPlatform(job.platform_id)?.maxSizeInMB ?? 250) * 1024 * 1024;
    if (source.length > maxBytes)
      throw new JobFailure(`The source object is larger than the platform's limit of ${maxBytes / 1024 / 1024} MB.`);
    const signedAt = ctx.now();
    const expiresAt = addValidity(signedAt, { value: version.validity_value, type: version.validity_type });
    const zip = signZip(source, {
      privateKey: await keys.load(version.version),
      profileVersionArn: version.arn,
      jobArn: job.job_arn,
      signedAt,
      expiresAt,
    });
    const signedKey = `${job.destination_prefix}${job.job_id}.zip`;
    await objects.write(job.destination_bucket, signedKey, zip).catch((error: unknown) => {
      throw new JobFailure(
        `Could not write the signed object to s3://${job.destination_bucket}/${signedKey}: ${describe(error)}`,
      );
    });
    return { signedKey, signatureExpiresAt: expiresAt.getTime() };
  }
}

/** A job failure whose message is already the status reason. */
export class JobFailure extends Error {}

function failureReason(error: unknown): string {
  if (error instanceof JobFailure) return error.message;
  if (error instanceof SignedPackageError) {
    return messages.ZipAlreadySigned.is(error)
      ? 'The source object is already signed; sign the unsigned package instead.'
      : `The source object is not a valid zip package: ${error.message}.`;
  }
  return `Internal error while signing: ${describe(error)}`;
}

function describe(error: unknown): string {
  if (error instanceof ServiceError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
