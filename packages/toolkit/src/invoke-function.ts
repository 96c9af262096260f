import { InvokeCommand } from '@aws-sdk/client-lambda';
import { messages, silentIoHost, type IoHost } from '@toolkit/core';
import { openAwsSession, type TargetOptions } from './aws-session.ts';
import { OptionError } from './option-error.ts';
import { findStackFunction } from './stack-functions.ts';

/** Input of `invokeFunction`: `toolkit local invoke`'s arguments as a typed object. */
export interface InvokeFunctionOptions extends TargetOptions {
  /** With `stackName`, the function's logical path (`Fn`, `Child/Fn`); without, its name or ARN. */
  functionId: string;
  stackName?: string;
  /** The event, JSON text (default `{}`), as `sam local invoke --event` reads it from a file. */
  event?: string;
  /** Where the event came from, for error messages (a file name or `-`). */
  eventSource?: string;
}

/** Result of `invokeFunction`, as `toolkit local invoke --json` prints it. */
export interface InvokeFunctionResult {
  functionName: string;
  executedVersion: string;
  statusCode: number;
  /** `Unhandled` when the function failed. */
  functionError?: string;
  /** The function's answer, parsed when it is JSON. */
  payload: unknown;
  /** The answer exactly as Lambda returned it (a string result keeps its JSON quotes), as `sam local invoke` prints it. */
  payloadText: string;
  /** The invoke's log (its last 4 KB, as Lambda returns it). */
  log: string;
}

/**
 * Invokes a deployed function once (RequestResponse) and returns its answer and log: the code
 * that runs is the package Lambda accepted. The log lines go to `io` as they would to a terminal.
 */
export async function invokeFunction(
  options: InvokeFunctionOptions,
  io: IoHost = silentIoHost,
): Promise<InvokeFunctionResult> {
  const event = options.event ?? '{}';
  checkEvent(event, options.eventSource ?? 'event');
  const session = await openAwsSession(options, io);
  try {
    const { cloudformation, lambda } = await session.deployClients();
    const functionName = options.stackName
      ? (await findStackFunction(cloudformation, options.stackName, options.functionId)).functionName
      : options.functionId;
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(event), LogType: 'Tail' }),
    );
    const log = out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : '';
    for (const line of log.split('\n').filter(Boolean)) io.notify(messages.FunctionLog.msg(line));
    const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
    return {
      functionName,
      executedVersion: out.ExecutedVersion ?? '$LATEST',
      statusCode: out.StatusCode ?? 200,
      ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
      payload: parseJson(text),
      payloadText: text,
      log,
    };
  } finally {
    await session.close();
  }
}

/** The event must be JSON, as Lambda requires: a bad one is named with its line and column. */
function checkEvent(event: string, source: string): void {
  try {
    JSON.parse(event);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : event.length;
    const before = event.slice(0, offset).split('\n');
    const where = `${source}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/ at position \d+.*$/s, '');
    throw new OptionError(
      messages.EventNotJson,
      'event',
      (n) => `${n('event')}: ${where}: the event is not JSON: ${reason}`,
      {
        position: { file: source, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 },
      },
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
