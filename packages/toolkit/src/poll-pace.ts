import type { AwsSession } from './aws-session.ts';

/** How a wait on CloudFormation polls: the first pause, how it grows, and its cap. */
export interface PollPace {
  firstMs: number;
  factor: number;
  maxMs: number;
}

/** AWS's pace: change sets and stack operations take seconds there, and polls count against throttling. */
export const AWS_POLL_PACE: PollPace = { firstMs: 200, factor: 1.5, maxMs: 2000 };

/**
 * The embedded cloud's pace: a change set is ready and a one-function update done in tens of
 * milliseconds on loopback, where a first pause of 200 ms was most of a redeploy's wait.
 */
export const LOCAL_POLL_PACE: PollPace = { firstMs: 10, factor: 1.5, maxMs: 1000 };

/** The pace for a session's target (an `--endpoint-url` of unknown speed gets AWS's). */
export function pollPaceOf(session: Pick<AwsSession, 'target'>): PollPace {
  return session.target === 'local' ? LOCAL_POLL_PACE : AWS_POLL_PACE;
}

/** Waits the current pause and returns the next one. */
export async function pausePoll(delayMs: number, pace: PollPace): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  return Math.min(pace.maxMs, delayMs * pace.factor);
}
