import type { ThrottleBackoff } from './types.ts';

/** Defaults for throttling backoff: 100 ms base, 10 s cap, 10 retries (about 20 s of expected waiting). */
export const defaultThrottleBackoff: ThrottleBackoff = { baseMs: 100, capMs: 10_000, maxRetries: 10 };

/**
 * Delay before retry number `attempt` (0-based) after a throttling error: "full jitter",
 * uniform in [0, min(cap, base × 2^attempt)), so many throttled callers spread out instead of retrying in step.
 */
export function throttleBackoffMs(
  attempt: number,
  backoff: Pick<ThrottleBackoff, 'baseMs' | 'capMs'>,
  random: () => number,
): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Delay before DescribeSigningJob poll number `attempt` (0-based): starts fast because most jobs
 * finish in a second or two, grows ×factor, and stays at `maxMs` for long jobs.
 */
export function pollDelayMs(attempt: number, initialMs: number, maxMs: number, factor = 1.5): number {
  return Math.min(maxMs, Math.round(initialMs * factor ** attempt));
}
