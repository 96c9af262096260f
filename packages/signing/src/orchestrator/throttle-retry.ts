import type { Clock } from './clock.ts';
import { throttleBackoffMs } from './schedules.ts';
import type { ThrottleBackoff } from './types.ts';

const throttlingNames = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'SlowDown',
]);

/** True for errors that mean "slow down", not "this failed": 429s and the throttling error names AWS uses. */
export function isThrottlingError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } };
  return (
    (typeof e.name === 'string' && throttlingNames.has(e.name)) ||
    e.$metadata?.httpStatusCode === 429 ||
    e.$retryable?.throttling === true
  );
}

/** What a throttled call needs: its backoff, the clock to wait on, and when to give up waiting. */
export interface ThrottleRetryContext {
  backoff: ThrottleBackoff;
  clock: Clock;
  random: () => number;
  signal: AbortSignal;
  /** Called before every attempt after the first; returning false abandons the call (e.g. a failure elsewhere). */
  mayRetry?: () => boolean;
  onThrottle?: (attempt: number, delayMs: number) => void;
}

/** Thrown when a retry was abandoned because `mayRetry` said no. */
export class RetryAbandoned extends Error {
  constructor() {
    super('retry abandoned');
    this.name = 'RetryAbandoned';
  }
}

/**
 * Runs `call`, retrying throttling errors with full-jitter exponential backoff up to `maxRetries`
 * times. Throttles are not failures; every other error is thrown at once.
 */
export async function withThrottleRetry<T>(call: () => Promise<T>, ctx: ThrottleRetryContext): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottlingError(error) || attempt >= ctx.backoff.maxRetries) throw error;
      const delayMs = throttleBackoffMs(attempt, ctx.backoff, ctx.random);
      ctx.onThrottle?.(attempt, delayMs);
      await ctx.clock.sleep(delayMs, ctx.signal);
      if (ctx.mayRetry && !ctx.mayRetry()) throw new RetryAbandoned();
    }
  }
}
