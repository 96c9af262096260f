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
): Promise<{ verdict: CacheVerdict; tail?: SignedObjectTail }> {
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
  return tail ? { verdict, tail } : { verdict };
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
