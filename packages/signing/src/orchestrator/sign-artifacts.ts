import { setMaxListeners } from 'node:events';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SignerClient } from '@aws-sdk/client-signer';
import { silentIoHost, type IoHost, messages } from '@toolkit/core';
import { systemClock } from './clock.ts';
import type { RunContext } from './run-context.ts';
import { defaultThrottleBackoff } from './schedules.ts';
import { NOT_STARTED, signOneArtifact } from './sign-one-artifact.ts';
import { addValidity } from './signature-validity.ts';
import { SigningFailedError, type SigningFailure, type SigningStopReason } from './signing-failed-error.ts';
import { SigningJobFailed } from './signing-job-runner.ts';
import { DEFAULT_SIGNING_CONCURRENCY, type SignOptions, type SignRequest, type SignResult } from './types.ts';

const DAY_MS = 86_400_000;

/** The SDK clients signing talks through; the same code serves real AWS and the local cloud. */
export interface SigningClients {
  s3: S3Client;
  signer: SignerClient;
}

/**
 * Signs every artifact, reusing still-valid cached signatures, with at most `concurrency` jobs in flight.
 * On the first failure no new job starts; jobs already running are awaited (their signatures are cached
 * for the next run) and a SigningFailedError lists every failure. Results keep the input order.
 */
export async function signArtifacts(
  clients: SigningClients,
  jobs: readonly SignRequest[],
  options: SignOptions = {},
): Promise<SignResult[]> {
  const io = options.io ?? silentIoHost;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const backoff = { ...defaultThrottleBackoff, ...options.throttle };
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error('signing deadline passed')),
    options.timeoutMs ?? 15 * 60_000,
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  // Every in-flight call and sleep listens on this one signal; with many workers that is legitimately more than 10.
  setMaxListeners(0, signal);
  let failed = false;

  const ctx: RunContext = {
    ...clients,
    io,
    clock,
    cache: options.cache,
    signal,
    stopping: () => failed || signal.aborted,
    pollInitialMs: options.pollInitialMs ?? 250,
    pollMaxMs: options.pollMaxMs ?? 5_000,
    minValidityMs: minValidityMs(options, clock.now()),
    signedFormat: options.signedFormat ?? 'toolkit-sig/1',
    runStartedAt: clock.now(),
    retry: (startsJob) => ({
      backoff,
      clock,
      random,
      signal,
      ...(startsJob ? { mayRetry: () => !ctx.stopping() } : {}),
      onThrottle: (attempt, delayMs) =>
        io.notify(
          messages.SignerThrottled.msg(`throttled; retry ${attempt + 1} in ${delayMs} ms`, { attempt, delayMs }),
        ),
    }),
  };
  for (const warning of options.cache?.warnings ?? []) io.notify(messages.SignatureCacheUnreadable.msg(warning));

  const results = new Array<SignResult | undefined>(jobs.length);
  const failures: SigningFailure[] = [];
  const notStarted: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const request = jobs[index] as SignRequest;
      if (ctx.stopping()) {
        skip(io, request, notStarted);
        continue;
      }
      progress(io, request.id, 'start');
      try {
        const outcome = await signOneArtifact(ctx, request);
        if (outcome === NOT_STARTED) {
          skip(io, request, notStarted);
          continue;
        }
        results[index] = outcome;
        progress(
          io,
          request.id,
          outcome.reused ? 'skip' : 'done',
          outcome.reused ? `reused signature of job ${outcome.jobId}` : `job ${outcome.jobId}`,
        );
      } catch (error) {
        failed = true;
        const failure = toFailure(request, error, signal, options.signal);
        failures.push(failure);
        progress(io, request.id, 'fail', failure.statusReason);
      }
    }
  };

  try {
    await Promise.all(
      Array.from(
        { length: Math.max(1, Math.min(options.concurrency ?? DEFAULT_SIGNING_CONCURRENCY, jobs.length)) },
        worker,
      ),
    );
  } finally {
    clearTimeout(timer);
    await options.cache?.save(clock.now());
  }
  const completed = results.filter((r): r is SignResult => r !== undefined);
  if (failures.length > 0 || completed.length < jobs.length) {
    throw new SigningFailedError(
      failureCode(options.signal, deadline.signal),
      failures,
      completed,
      notStarted,
      jobs.length,
    );
  }
  return completed;
}

/** The minimum remaining validity in ms; a calendar period counts from `now`, as Signer counts a profile's validity. */
function minValidityMs(options: SignOptions, now: number): number {
  if (options.minSignatureValidity) return addValidity(new Date(now), options.minSignatureValidity).getTime() - now;
  return options.minSignatureValidityMs ?? 30 * DAY_MS;
}

function failureCode(external: AbortSignal | undefined, deadline: AbortSignal): SigningStopReason {
  if (external?.aborted) return 'cancelled';
  if (deadline.aborted) return 'timeout';
  return 'failed';
}

function toFailure(
  request: SignRequest,
  error: unknown,
  signal: AbortSignal,
  external: AbortSignal | undefined,
): SigningFailure {
  const jobId = error instanceof SigningJobFailed ? error.jobId : undefined;
  const base = { id: request.id, profileName: request.profile.profileName, jobId };
  if (error instanceof SigningJobFailed && error.cause === undefined) return { ...base, statusReason: error.message };
  if (signal.aborted)
    return { ...base, statusReason: external?.aborted ? 'cancelled' : 'timed out before the job finished' };
  const cause = (error instanceof SigningJobFailed ? error.cause : error) as { name?: string; message?: string };
  return { ...base, statusReason: `${cause.name ?? 'Error'}: ${cause.message ?? String(cause)}` };
}

function skip(io: IoHost, request: SignRequest, notStarted: string[]): void {
  notStarted.push(request.id);
  progress(io, request.id, 'skip', 'not started: signing stopped');
}

function progress(io: IoHost, task: string, state: 'start' | 'done' | 'skip' | 'fail', detail?: string): void {
  io.progress?.({ task, step: 'sign', state, ...(detail ? { detail } : {}) });
}
