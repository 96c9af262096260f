import type { IoHost, IoMessage, ProgressEvent } from '@toolkit/core';
import type { TextSink } from '../cli-environment.ts';

/** Options of the CLI's renderer. */
export interface CliIoHostOptions {
  stderr: TextSink;
  json: boolean;
  debug: boolean;
  color: boolean;
}

/**
 * The CLI's IoHost: everything but results goes to stderr. With --json only
 * warnings and errors are printed, so scripts can still see what went wrong.
 */
export function createCliIoHost(options: CliIoHostOptions): IoHost & { warnings: string[] } {
  const warnings: string[] = [];
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    warnings,
    notify(message: IoMessage) {
      if (message.level === 'warn') warnings.push(message.message);
      if (message.level === 'debug' && !options.debug) return;
      if (message.level === 'info' && options.json) return;
      const prefix = message.level === 'error' ? paint('31', 'error: ') : message.level === 'warn' ? paint('33', 'warning: ') : '';
      options.stderr.write(`${prefix}${message.message}\n`);
    },
    progress(event: ProgressEvent) {
      if (options.json) return;
      if (event.state === 'start' && !options.debug) return;
      const mark = { start: '…', done: paint('32', '✓'), skip: '=', fail: paint('31', '✗') }[event.state];
      options.stderr.write(`${mark} ${event.step.padEnd(6)} ${event.task}${event.detail ? `  ${event.detail}` : ''}\n`);
    },
  };
}
