import { silentIoHost } from '@toolkit/core';
import { systemClock } from '../src/orchestrator/clock.ts';
import type { RunContext } from '../src/orchestrator/run-context.ts';
import { defaultThrottleBackoff } from '../src/orchestrator/schedules.ts';
import type { TestCloud } from './orchestrator-fixtures.ts';

export { packageDigest } from '../src/format/sign-zip.ts';
export { readZipLayout } from '../src/format/zip-layout.ts';

/** A RunContext on a test cloud for calling one orchestrator step directly. */
export function silentRunContext(env: TestCloud, signedFormat: RunContext['signedFormat']): RunContext {
  const signal = new AbortController().signal;
  return {
    s3: env.s3,
    signer: env.signer,
    io: silentIoHost,
    clock: systemClock,
    cache: undefined,
    signal,
    stopping: () => false,
    pollInitialMs: 10,
    pollMaxMs: 100,
    minValidityMs: 0,
    signedFormat,
    runStartedAt: Date.now(),
    retry: () => ({ backoff: defaultThrottleBackoff, clock: systemClock, random: Math.random, signal }),
  };
}
