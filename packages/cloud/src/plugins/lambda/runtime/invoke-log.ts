import type { VersionRow } from '../function-store.ts';
import type { EnvironmentOutcome } from './execution-environment.ts';

/** The last bytes of an invoke's log that `X-Amz-Log-Type: Tail` returns. */
export const LOG_TAIL_BYTES = 4096;

/**
 * An invoke's CloudWatch events as Lambda writes them: `START`, each output line,
 * `END` and `REPORT` with duration, billed duration, memory and (first invoke) init duration.
 */
export function invokeLogEvents(
  requestId: string,
  version: VersionRow,
  outcome: Pick<EnvironmentOutcome, 'output' | 'durationMs' | 'initDurationMs' | 'timedOut'>,
  maxMemoryMb: number,
  now: number,
): { timestamp: number; message: string }[] {
  const lines = outcome.output.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const duration = outcome.durationMs;
  const report = [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${duration.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(duration + (outcome.initDurationMs ?? 0)))} ms`,
    `Memory Size: ${version.config.MemorySize} MB`,
    `Max Memory Used: ${maxMemoryMb} MB`,
    ...(outcome.initDurationMs === undefined ? [] : [`Init Duration: ${outcome.initDurationMs.toFixed(2)} ms`]),
    ...(outcome.timedOut ? ['Status: timeout'] : []),
  ].join('\t');
  const messages = [
    `START RequestId: ${requestId} Version: ${version.version}`,
    ...lines,
    `END RequestId: ${requestId}`,
    report,
  ];
  return messages.map((message) => ({ timestamp: now, message }));
}

/** The `X-Amz-Log-Result` value: the log's last 4 KB, base64. */
export function logTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString('base64');
}
