import type { DescribeSigningJobCommandOutput } from '@aws-sdk/client-signer';
import { judgeCachedSignature, type CacheVerdict, type ObservedSignature } from './cache-validation.ts';
import type { RunContext } from './run-context.ts';
import type { CachedSignature } from './signature-cache.ts';
import { readSignedObjectTail, type SignedObjectTail } from './signed-object-check.ts';
import { describeSigningJob } from './signing-job-runner.ts';

/**
 * Checks a cached signature against the cloud, returning the signed object's tail for the caller to check
 * that it signs the built zip. Revocation is read from DescribeSigningJob
 * (`revocationRecord`, status): GetRevocationStatus would need the signing certificate's hashes,
 * which only the signed bytes carry, while the job record answers directly and also confirms expiry.
 * Revoked profile versions never get here: resolveProfiles refuses them and a new version has a new ARN.
 */
export async function checkCachedSignature(
  ctx: RunContext,
  entry: CachedSignature,
  destination: { bucket: string; prefix: string },
): Promise<{
  verdict: CacheVerdict;
  tail?: SignedObjectTail;
  source?: { bucket: string; key: string; versionId?: string | undefined };
}> {
  const offline = judgeCachedSignature(entry, destination, ctx.clock.now(), ctx.minValidityMs);
  if (!offline.reuse) return { verdict: offline };
  let observed: ObservedSignature;
  let tail: SignedObjectTail | undefined;
  try {
    let job: ObservedSignature['job'];
    [tail, job] = await Promise.all([readSignedObjectTail(ctx, entry.signedObject), describeJob(ctx, entry.jobId)]);
    observed = { object: tail && { etag: tail.etag }, job };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    // A check we may not make (e.g. AccessDenied) is no reason to fail: signing again is always safe.
    return { verdict: { reuse: false, reason: `could not check the cached signature: ${(error as Error).message}` } };
  }
  const verdict = judgeCachedSignature(entry, destination, ctx.clock.now(), ctx.minValidityMs, observed);
  return { verdict, ...(tail ? { tail } : {}), ...(observed.job?.source ? { source: observed.job.source } : {}) };
}

async function describeJob(ctx: RunContext, jobId: string): Promise<ObservedSignature['job']> {
  try {
    const job = await describeSigningJob(ctx, jobId);
    return {
      status: job.status,
      revoked: isRevoked(job.revocationRecord),
      expiresAt: job.signatureExpiresAt?.toISOString(),
      source: jobSource(job),
    };
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** The object version a job signed, as DescribeSigningJob names it. */
export function jobSource(
  job: DescribeSigningJobCommandOutput,
): { bucket: string; key: string; versionId?: string } | undefined {
  const s3 = job.source?.s3;
  if (!s3?.bucketName || !s3.key) return undefined;
  return { bucket: s3.bucketName, key: s3.key, ...(s3.version ? { versionId: s3.version } : {}) };
}

/** A job's signature is revoked when Signer shows a revocation record with its time. */
export function isRevoked(record: { revokedAt?: Date | undefined } | undefined): boolean {
  return record?.revokedAt !== undefined;
}
