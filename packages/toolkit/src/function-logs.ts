import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { silentIoHost, type IoHost } from '@toolkit/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { openAwsSession, type TargetOptions } from './aws-session.ts';
import { findStackFunction, listStackFunctions, type StackFunction } from './stack-functions.ts';

/** Input of `functionLogs`: `toolkit logs`'s flags as a typed object. */
export interface FunctionLogsOptions extends TargetOptions {
  stackName: string;
  /** One function's logical path (`Fn`, `Child/Fn`); default every function of the stack. */
  functionId?: string;
  /** Keep reading new events until `signal` aborts. */
  tail?: boolean;
  signal?: AbortSignal;
  /** Called for each event as it is read (the CLI prints them); the result holds them too. */
  onEvent?: (event: FunctionLogEvent) => void;
  /** Milliseconds between reads while tailing (default 1000). */
  pollMs?: number;
}

/** One log line of a function. */
export interface FunctionLogEvent {
  /** The function's logical path. */
  function: string;
  functionName: string;
  logStreamName: string;
  timestamp: number;
  message: string;
}

/** Result of `functionLogs`, as `toolkit logs --json` prints it. */
export interface FunctionLogsResult {
  events: FunctionLogEvent[];
}

/**
 * Reads the CloudWatch Logs of a stack's functions (`/aws/lambda/<name>`), oldest first, as
 * `sam logs` does; with `tail`, keeps reading new events until `signal` aborts.
 */
export async function functionLogs(
  options: FunctionLogsOptions,
  io: IoHost = silentIoHost,
): Promise<FunctionLogsResult> {
  const session = await openAwsSession(options, io);
  try {
    const { cloudformation } = await session.deployClients();
    const functions = options.functionId
      ? [await findStackFunction(cloudformation, options.stackName, options.functionId)]
      : await listStackFunctions(cloudformation, options.stackName);
    const logs = await session.logsClient();
    const seen = new Set<string>();
    const events: FunctionLogEvent[] = [];
    const read = async (): Promise<void> => {
      const fresh = (await Promise.all(functions.map((fn) => groupEvents(logs, fn)))).flat();
      fresh.sort((a, b) => a.event.timestamp - b.event.timestamp);
      for (const { id, event } of fresh) {
        if (seen.has(id)) continue;
        seen.add(id);
        events.push(event);
        options.onEvent?.(event);
      }
    };
    await read();
    while (options.tail && !options.signal?.aborted) {
      await sleep(options.pollMs ?? 1000, undefined, { signal: options.signal }).catch(() => undefined);
      if (!options.signal?.aborted) await read();
    }
    return { events };
  } finally {
    await session.close();
  }
}

async function groupEvents(
  logs: CloudWatchLogsClient,
  fn: StackFunction,
): Promise<{ id: string; event: FunctionLogEvent }[]> {
  const found: { id: string; event: FunctionLogEvent }[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await logs.send(
        new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn.functionName}`, nextToken: token }),
      );
    } catch (error) {
      // A function that never ran has no log group yet.
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return found;
      throw error;
    }
    for (const event of page.events ?? []) {
      found.push({
        id: `${fn.functionName}/${event.eventId ?? ''}`,
        event: {
          function: fn.path,
          functionName: fn.functionName,
          logStreamName: event.logStreamName ?? '',
          timestamp: event.timestamp ?? 0,
          message: event.message ?? '',
        },
      });
    }
    token = page.nextToken;
  } while (token);
  return found;
}
