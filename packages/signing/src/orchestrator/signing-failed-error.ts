import { OperationError, messages } from '@toolkit/core';
import type { SignResult } from './types.ts';

/** One artifact that could not be signed. */
export interface SigningFailure {
  id: string;
  profileName: string;
  /** Undefined when the job never started (StartSigningJob itself failed). */
  jobId: string | undefined;
  statusReason: string;
}

/** Why signing stopped: a job failed, the deadline passed, or the caller cancelled. */
export type SigningStopReason = 'failed' | 'timeout' | 'cancelled';

const kinds = {
  failed: messages.SigningFailed,
  timeout: messages.SigningTimeout,
  cancelled: messages.SigningCancelled,
} as const;

/**
 * Signing did not complete. Lists every failure; `completed` holds the artifacts that were signed
 * (their signatures are cached, so a re-run reuses them), `notStarted` those never attempted.
 */
export class SigningFailedError extends OperationError {
  readonly failures: readonly SigningFailure[];
  readonly completed: readonly SignResult[];
  readonly notStarted: readonly string[];

  constructor(
    reason: SigningStopReason,
    failures: readonly SigningFailure[],
    completed: readonly SignResult[],
    notStarted: readonly string[],
    total: number,
  ) {
    super(kinds[reason], describe(reason, failures, notStarted, total));
    this.name = 'SigningFailedError';
    this.failures = failures;
    this.completed = completed;
    this.notStarted = notStarted;
  }
}

function describe(
  reason: SigningStopReason,
  failures: readonly SigningFailure[],
  notStarted: readonly string[],
  total: number,
): string {
  const head =
    reason === 'timeout' ? 'Signing timed out' : reason === 'cancelled' ? 'Signing was cancelled' : 'Signing failed';
  const lines = [`${head}: ${failures.length} of ${total} artifact${total === 1 ? '' : 's'} not signed:`];
  for (const f of failures) {
    lines.push(`  - ${f.id} (profile ${f.profileName}, job ${f.jobId ?? 'not started'}): ${f.statusReason}`);
  }
  if (notStarted.length > 0) {
    lines.push(
      `${notStarted.length} more artifact${notStarted.length === 1 ? ' was' : 's were'} not signed because signing stopped: ${notStarted.join(', ')}`,
    );
  }
  return lines.join('\n');
}
