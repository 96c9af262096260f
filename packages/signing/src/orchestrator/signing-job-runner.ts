import {
  DescribeSigningJobCommand,
  StartSigningJobCommand,
  type DescribeSigningJobCommandOutput,
} from '@aws-sdk/client-signer';
import type { RunContext } from './run-context.ts';
import { pollDelayMs } from './schedules.ts';
import { withThrottleRetry } from './throttle-retry.ts';
import type { SignRequest } from './types.ts';

/** Polls during which a just-started job answering "not found" is taken as not yet visible. */
const NOT_YET_VISIBLE_POLLS = 3;

/** A started signing job that failed: Signer said Failed (no cause), or following it up threw `cause`. */
export class SigningJobFailed extends Error {
  readonly jobId: string;
  constructor(jobId: string, reason: string, options: { cause?: unknown } = {}) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SigningJobFailed';
    this.jobId = jobId;
  }
}

/** Starts (or, for a token already used, finds) the signing job; returns its id. */
export async function startSigningJob(
  ctx: RunContext,
  request: SignRequest,
  destinationPrefix: string,
  token: string,
): Promise<string> {
  const out = await withThrottleRetry(
    () =>
      ctx.signer.send(
        new StartSigningJobCommand({
          source: {
            s3: { bucketName: request.source.bucket, key: request.source.key, version: request.source.versionId },
          },
          destination: { s3: { bucketName: request.destination.bucket, prefix: destinationPrefix } },
          profileName: request.profile.profileName,
          profileOwner: request.profile.profileOwner,
          clientRequestToken: token,
        }),
        { abortSignal: ctx.signal },
      ),
    ctx.retry(true),
  );
  if (!out.jobId) throw new Error('StartSigningJob returned no jobId');
  return out.jobId;
}

/** Describes a job once, retrying throttles. */
export async function describeSigningJob(ctx: RunContext, jobId: string): Promise<DescribeSigningJobCommandOutput> {
  return withThrottleRetry(
    () => ctx.signer.send(new DescribeSigningJobCommand({ jobId }), { abortSignal: ctx.signal }),
    ctx.retry(false),
  );
}

/**
 * Polls DescribeSigningJob until the job leaves InProgress, waiting 250 ms, then ×1.5 each time up to the
 * cap: quick jobs are seen quickly, slow ones do not flood the API. Throws SigningJobFailed on Failed.
 */
export async function waitForSigningJob(ctx: RunContext, jobId: string): Promise<DescribeSigningJobCommandOutput> {
  for (let attempt = 0; ; attempt++) {
    await ctx.clock.sleep(pollDelayMs(attempt, ctx.pollInitialMs, ctx.pollMaxMs), ctx.signal);
    let job: DescribeSigningJobCommandOutput;
    try {
      job = await describeSigningJob(ctx, jobId);
    } catch (error) {
      // A job just started may not be readable yet on an eventually consistent service.
      if ((error as { name?: string }).name === 'ResourceNotFoundException' && attempt < NOT_YET_VISIBLE_POLLS)
        continue;
      throw error;
    }
    if (job.status === 'Succeeded') return job;
    if (job.status === 'Failed')
      throw new SigningJobFailed(jobId, job.statusReason ?? 'signing job failed without a reason');
  }
}

/** A job ARN from the profile version ARN's partition and region and the job's owner account. */
export function signingJobArn(profileVersionArn: string, jobOwner: string | undefined, jobId: string): string {
  const [arn = 'arn', partition = 'aws', service = 'signer', region = '', profileAccount = ''] =
    profileVersionArn.split(':');
  return `${arn}:${partition}:${service}:${region}:${jobOwner ?? profileAccount}:/signing-jobs/${jobId}`;
}
