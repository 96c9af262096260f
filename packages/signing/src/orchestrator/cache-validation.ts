import type { CachedSignature } from './signature-cache.ts';

/** What the cloud says now about a cached signature. */
export interface ObservedSignature {
  /** HeadObject of the signed object: undefined when it is gone. */
  object: { etag?: string | undefined } | undefined;
  /** DescribeSigningJob of the job that made it: undefined when the job is unknown. */
  job:
    | {
        status: string | undefined;
        revoked: boolean;
        expiresAt: string | undefined;
        source?: { bucket: string; key: string; versionId?: string | undefined } | undefined;
      }
    | undefined;
}

/** Reuse it, or sign again and why. */
export type CacheVerdict = { reuse: true; expiresAt: string } | { reuse: false; reason: string };

/**
 * Decides whether a cached signature can stand in for a new one. Without `observed`, only the checks that
 * need no network (destination, expiry); with it, also: the signed object still exists unchanged, the job
 * succeeded and is not revoked, and (by Signer's own word) it expires later than `now + minValidityMs`.
 */
export function judgeCachedSignature(
  entry: CachedSignature,
  destination: { bucket: string; prefix: string },
  now: number,
  minValidityMs: number,
  observed?: ObservedSignature,
): CacheVerdict {
  if (entry.signedObject.bucket !== destination.bucket || !entry.signedObject.key.startsWith(destination.prefix)) {
    return { reuse: false, reason: 'destination changed' };
  }
  const expiryProblem = tooSoon(entry.expiresAt, now, minValidityMs);
  if (expiryProblem) return { reuse: false, reason: expiryProblem };
  if (!observed) return { reuse: true, expiresAt: entry.expiresAt };

  if (!observed.object) return { reuse: false, reason: 'signed object is gone' };
  if (entry.signedObject.etag && observed.object.etag && observed.object.etag !== entry.signedObject.etag) {
    return { reuse: false, reason: 'signed object was overwritten' };
  }
  if (!observed.job) return { reuse: false, reason: `signing job ${entry.jobId} is unknown` };
  if (observed.job.revoked) return { reuse: false, reason: `signature of job ${entry.jobId} was revoked` };
  if (observed.job.status !== 'Succeeded')
    return { reuse: false, reason: `signing job ${entry.jobId} is ${observed.job.status ?? 'in an unknown state'}` };
  const expiresAt = observed.job.expiresAt ?? entry.expiresAt;
  const observedProblem = tooSoon(expiresAt, now, minValidityMs);
  if (observedProblem) return { reuse: false, reason: observedProblem };
  return { reuse: true, expiresAt };
}

function tooSoon(expiresAt: string, now: number, minValidityMs: number): string | undefined {
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return 'expiry unknown';
  if (expiry <= now) return `signature expired at ${expiresAt}`;
  if (expiry - now < minValidityMs) return `signature expires at ${expiresAt}, sooner than the minimum validity`;
  return undefined;
}
