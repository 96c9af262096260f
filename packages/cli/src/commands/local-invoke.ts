import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserInputError, messages } from '@toolkit/core';
import { defineCommand } from '../command.ts';
import { targetOptions } from '../options.ts';
import { targetFromOptions } from './target-from-options.ts';

export const localInvokeCommand = defineCommand({
  words: ['local', 'invoke'],
  describe: 'Invoke a deployed function once and print its answer (its log goes to stderr), as sam local invoke does',
  positionals: [
    {
      name: 'function',
      describe: "The function's logical id in --stack-name (Child/Fn for a nested stack's), or its name without one",
      type: 'string',
      required: true,
    },
  ],
  options: {
    'stack-name': { type: 'string', describe: 'Stack the function belongs to' },
    event: {
      type: 'string',
      describe: 'JSON event file (as sam local invoke --event), or - for stdin (--event=-); default {}',
    },
    ...targetOptions,
  },
  async handler(context) {
    const { invokeFunction } = await import('@toolkit/toolkit');
    const { options, environment, io, printResult } = context;
    const source = options.event;
    const event = source === undefined ? undefined : await readEvent(source, environment.cwd, environment.stdin);
    const result = await invokeFunction(
      {
        ...targetFromOptions(context),
        functionId: options.function,
        ...(options['stack-name'] ? { stackName: options['stack-name'] } : {}),
        ...(event === undefined ? {} : { event, eventSource: source === '-' ? '<stdin>' : source }),
      },
      io,
    );
    printResult(result, () => `${result.payloadText}\n`);
    return result.functionError ? 1 : 0;
  },
});

async function readEvent(source: string, cwd: string, stdin: NodeJS.ReadableStream | undefined): Promise<string> {
  if (source === '-') {
    if (!stdin) throw new UserInputError(messages.EventStdinMissing, '--event -: there is no standard input to read');
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(resolve(cwd, source), 'utf8');
  } catch (error) {
    throw new UserInputError(
      messages.EventFileUnreadable,
      `--event ${source}: ${errorCode(error) === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The `code` of a Node.js system error (`ENOENT`), if `error` is one. */
function errorCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}
