import type { CloudContext } from '../../plugin.ts';
import type { LogsPlugin } from '../logs/logs-plugin.ts';

/** Where API Gateway writes a stage's execution log: `API-Gateway-Execution-Logs_{apiId}/{stage}`. */
export function executionLogGroup(apiId: string, stage: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stage}`;
}

/**
 * Writes one line of a request's execution log, `({requestId}) {message}` as API Gateway words
 * them, so a 500 or a refusal can be explained (`aws logs filter-log-events`). One stream a day.
 */
export function logExecution(
  ctx: CloudContext,
  apiId: string,
  stage: string,
  requestId: string,
  message: string,
): void {
  let logs: LogsPlugin;
  try {
    logs = ctx.plugin<LogsPlugin>('logs');
  } catch {
    return;
  }
  const now = ctx.now();
  const stream = now.toISOString().slice(0, 10).replaceAll('-', '/');
  logs.appendEvents(executionLogGroup(apiId, stage), stream, [
    { timestamp: now.getTime(), message: `(${requestId}) ${message}` },
  ]);
}
