import { UserInputError, messages } from '@toolkit/core';
import type { FunctionLogEvent } from '@toolkit/toolkit';
import { defineCommand } from '../command.ts';
import { targetOptions } from '../options.ts';
import { targetFromOptions } from './target-from-options.ts';

export const logsCommand = defineCommand({
  words: ['logs'],
  describe: "Print the CloudWatch Logs of a stack's functions (as sam logs does); --tail keeps following them",
  positionals: [
    {
      name: 'function',
      describe: "One function's logical id (Child/Fn for a nested stack's); default every function",
      type: 'string',
      required: false,
    },
  ],
  options: {
    'stack-name': { type: 'string', describe: 'Stack whose functions to read' },
    tail: { type: 'boolean', describe: 'Keep printing new events until interrupted', default: false },
    ...targetOptions,
  },
  async handler(context) {
    const { functionLogs } = await import('@toolkit/toolkit');
    const { options, environment, io, json, printResult, printText } = context;
    const stackName = options['stack-name'];
    if (!stackName) throw new UserInputError(messages.MissingStackName, '--stack-name: required');
    const stop = new AbortController();
    if (options.tail) void environment.waitForStop?.().then(() => stop.abort());
    const line = (event: FunctionLogEvent) =>
      `${event.function} ${new Date(event.timestamp).toISOString()} ${event.message}\n`;
    const result = await functionLogs(
      {
        ...targetFromOptions(context),
        stackName,
        ...(options.function ? { functionId: options.function } : {}),
        tail: options.tail,
        signal: stop.signal,
        ...(json ? {} : { onEvent: (event: FunctionLogEvent) => printText(line(event)) }),
      },
      io,
    );
    if (json) printResult(result, () => '');
    return 0;
  },
});
