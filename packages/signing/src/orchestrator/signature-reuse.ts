import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { isS3NotFound } from '../upload/s3-errors.ts';
import { judgeCachedSignature, type CacheVerdict, type ObservedSignature } from './cache-validation.ts';
import type { RunContext } from './run-context.ts';
import type { CachedSignature } from './signature-cache.ts';
import { describeSigningJob } from './signing-job-runner.ts';
import { withThrottleRetry } from './throttle-retry.ts';

/**
 * Checks a cached signature against the cloud. Revocation is read from DescribeSigningJob
 * (`revocationRecord`, status): GetRevocationStatus would need the signing certificate's hashes,
 * which only the signed bytes carry, while the job record answers directly and also confirms expiry.
 * Revoked profile versions never get here: resolveProfiles refuses them and a new version has a new ARN.
 */
export async function checkCachedSignature(
  ctx: RunContext,
  entry: CachedSignature,
  destination: { bucket: string; prefix: string },
): Promise<CacheVerdict> {
  const offline = judgeCachedSignature(entry, destination, ctx.clock.now(), ctx.minValidityMs);
  if (!offline.reuse) return offline;
  let observed: ObservedSignature;
  try {
    const [object, job] = await Promise.all([headSignedObject(ctx, entry.signedObject), describeJob(ctx, entry.jobId)]);
    observed = { object, job };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    // A check we may not make (e.g. AccessDenied) is no reason to fail: signing again is always safe.
    return { reuse: false, reason: `could not check the cached signature: ${(error as Error).message}` };
  }
  return judgeCachedSignature(entry, destination, ctx.clock.now(), ctx.minValidityMs, observed);
}

/** HeadObject of a signed object: its ETag and version, or undefined when it is gone. */
export async function headSignedObject(
  ctx: RunContext,
  object: { bucket: string; key: string; versionId?: string | undefined },
): Promise<{ etag: string | undefined; versionId: string | undefined } | undefined> {
  try {
    const head = await withThrottleRetry(
      () =>
        ctx.s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId }), {
          abortSignal: ctx.signal,
        }),
      ctx.retry(false),
    );
    return { etag: head.ETag, versionId: head.VersionId && head.VersionId !== 'null' ? head.VersionId : undefined };
  } catch (error) {
    if (isS3NotFound(error)) return undefined;
    throw error;
  }
}

async function describeJob(ctx: RunContext, jobId: string): Promise<ObservedSignature['job']> {
  try {
    const job = await describeSigningJob(ctx, jobId);
    return { status: job.status, revoked: isRevoked(job.revocationRecord), expiresAt: job.signatureExpiresAt?.toISOString() };
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** A job's signature is revoked when Signer shows a revocation record with its time. */
export function isRevoked(record: { revokedAt?: Date | undefined } | undefined): boolean {
  return record?.revokedAt !== undefined;
}
