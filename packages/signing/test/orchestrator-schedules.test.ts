import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/orchestrator/clock.ts';
import { addValidity } from '../src/orchestrator/signature-validity.ts';
import { defaultThrottleBackoff, pollDelayMs, throttleBackoffMs } from '../src/orchestrator/schedules.ts';
import { signerPrefix } from '../src/orchestrator/signer-destination.ts';
import { isThrottlingError, RetryAbandoned, withThrottleRetry } from '../src/orchestrator/throttle-retry.ts';
import { artifactKey } from '../src/upload/artifact-key.ts';

/** A clock whose sleeps return at once and are recorded. */
function recordingClock(): Clock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => 0, sleep: async (ms) => void slept.push(ms) };
}

function throttle(name = 'ThrottlingException'): Error {
  return Object.assign(new Error('Rate exceeded'), { name, $metadata: { httpStatusCode: 429 } });
}

describe('pollDelayMs', () => {
  it('starts at 250 ms and grows ×1.5 up to the 5 s cap, never flat', () => {
    const schedule = Array.from({ length: 10 }, (_, i) => pollDelayMs(i, 250, 5000));
    expect(schedule).toEqual([250, 375, 563, 844, 1266, 1898, 2848, 4271, 5000, 5000]);
  });
  it('honours a custom factor and cap', () => {
    expect([0, 1, 2, 3].map((i) => pollDelayMs(i, 100, 350, 2))).toEqual([100, 200, 350, 350]);
  });
});

describe('throttleBackoffMs (full jitter)', () => {
  const backoff = { baseMs: 100, capMs: 1000 };
  it('is bounded by min(cap, base × 2^attempt)', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6].map((a) => throttleBackoffMs(a, backoff, () => 0.999999));
    expect(ceilings).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });
  it('can be zero: the jitter spans the whole window', () => {
    expect(throttleBackoffMs(5, backoff, () => 0)).toBe(0);
    expect(throttleBackoffMs(3, backoff, () => 0.5)).toBe(400);
  });
  it('spreads delays across the window with a real random source', () => {
    const samples = Array.from({ length: 500 }, () => throttleBackoffMs(3, backoff, Math.random));
    expect(Math.min(...samples)).toBeLessThan(200);
    expect(Math.max(...samples)).toBeGreaterThan(600);
    expect(samples.every((d) => d >= 0 && d < 800)).toBe(true);
  });
});

describe('withThrottleRetry', () => {
  const signal = new AbortController().signal;
  it('retries throttling errors with growing jittered delays, then succeeds', async () => {
    const clock = recordingClock();
    let calls = 0;
    const result = await withThrottleRetry(
      async () => {
        calls++;
        if (calls <= 3) throw throttle(calls === 2 ? 'TooManyRequestsException' : 'ThrottlingException');
        return 'ok';
      },
      { backoff: { baseMs: 100, capMs: 10_000, maxRetries: 5 }, clock, random: () => 0.5, signal },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(clock.slept).toEqual([50, 100, 200]);
  });
  it('gives up after maxRetries throttles and rethrows the throttle', async () => {
    const clock = recordingClock();
    let calls = 0;
    const run = withThrottleRetry(
      async () => {
        calls++;
        throw throttle();
      },
      { backoff: { ...defaultThrottleBackoff, maxRetries: 3 }, clock, random: () => 0, signal },
    );
    await expect(run).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(calls).toBe(4);
  });
  it('does not retry other errors', async () => {
    let calls = 0;
    const run = withThrottleRetry(
      async () => {
        calls++;
        throw Object.assign(new Error('bad'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
      },
      { backoff: defaultThrottleBackoff, clock: recordingClock(), random: () => 0, signal },
    );
    await expect(run).rejects.toMatchObject({ name: 'ValidationException' });
    expect(calls).toBe(1);
  });
  it('abandons the retry when told to stop', async () => {
    const run = withThrottleRetry(
      async () => {
        throw throttle();
      },
      { backoff: defaultThrottleBackoff, clock: recordingClock(), random: () => 0, signal, mayRetry: () => false },
    );
    await expect(run).rejects.toBeInstanceOf(RetryAbandoned);
  });
});

describe('isThrottlingError', () => {
  it('recognises AWS throttling names, 429s and SDK throttling marks', () => {
    expect(isThrottlingError(throttle())).toBe(true);
    expect(isThrottlingError(Object.assign(new Error('x'), { name: 'TooManyRequestsException' }))).toBe(true);
    expect(
      isThrottlingError(Object.assign(new Error('x'), { name: 'Other', $metadata: { httpStatusCode: 429 } })),
    ).toBe(true);
    expect(isThrottlingError(Object.assign(new Error('x'), { $retryable: { throttling: true } }))).toBe(true);
    expect(
      isThrottlingError(
        Object.assign(new Error('x'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }),
      ),
    ).toBe(false);
    expect(isThrottlingError(undefined)).toBe(false);
  });
});

describe('keys and prefixes', () => {
  it('artifactKey has no leading slash when the prefix is empty', () => {
    expect(artifactKey('', 'abc')).toBe('abc.zip');
    expect(artifactKey('/', 'abc')).toBe('abc.zip');
    expect(artifactKey('app/v1', 'abc')).toBe('app/v1/abc.zip');
    expect(artifactKey('app/v1/', 'abc')).toBe('app/v1/abc.zip');
  });
  it('signerPrefix ends a non-empty folder with one slash', () => {
    expect(signerPrefix('')).toBe('');
    expect(signerPrefix('signed')).toBe('signed/');
    expect(signerPrefix('/signed//')).toBe('signed/');
  });
  it('addValidity adds calendar days, months and years', () => {
    const from = new Date('2024-01-31T12:00:00.000Z');
    expect(addValidity(from, { value: 1, type: 'DAYS' }).toISOString()).toBe('2024-02-01T12:00:00.000Z');
    expect(addValidity(from, { value: 135, type: 'MONTHS' }).toISOString()).toBe('2035-04-30T12:00:00.000Z');
    expect(addValidity(from, { value: 2, type: 'YEARS' }).toISOString()).toBe('2026-01-31T12:00:00.000Z');
  });
  it('addValidity clamps to the end of a shorter month, as Signer does (Jan 31 + 1 month is Feb 29, not Mar 2)', () => {
    expect(addValidity(new Date('2024-01-31T12:00:00.000Z'), { value: 1, type: 'MONTHS' }).toISOString()).toBe(
      '2024-02-29T12:00:00.000Z',
    );
    expect(addValidity(new Date('2025-01-31T12:00:00.000Z'), { value: 1, type: 'MONTHS' }).toISOString()).toBe(
      '2025-02-28T12:00:00.000Z',
    );
    expect(addValidity(new Date('2024-02-29T00:00:00.000Z'), { value: 1, type: 'YEARS' }).toISOString()).toBe(
      '2025-02-28T00:00:00.000Z',
    );
  });
});
