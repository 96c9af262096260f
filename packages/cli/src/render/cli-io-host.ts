import type { IoHost, IoMessage, ProgressEvent } from '@toolkit/core';
import type { TextSink } from '../cli-environment.ts';
import type { TtyProgress } from './tty-progress.ts';

/** Options of the CLI's renderer. */
export interface CliIoHostOptions {
  stderr: TextSink;
  json: boolean;
  debug: boolean;
  color: boolean;
  /** listr2 progress rows, given only on an interactive terminal outside CI and --json. */
  tty: TtyProgress | undefined;
}

/** Announces the artifacts of a run so progress can show a row for each. */
export const planMessageCode = 'ArtifactPlan';

/**
 * The CLI's IoHost: everything but results goes to stderr. With --json only
 * warnings and errors are printed, so scripts can still see what went wrong.
 */
export function createCliIoHost(options: CliIoHostOptions): IoHost & { warnings: string[]; close(): Promise<void> } {
  const warnings: string[] = [];
  const tty = options.tty;
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    warnings,
    notify(message: IoMessage) {
      if (message.code === planMessageCode && tty) {
        tty.begin((message.data?.artifacts ?? []) as { id: string; steps: string[] }[]);
        return;
      }
      if (message.level === 'warn') warnings.push(message.message);
      if (message.level === 'debug' && !options.debug) return;
      if (message.level === 'info' && options.json) return;
      const prefix = message.level === 'error' ? paint('31', 'error: ') : message.level === 'warn' ? paint('33', 'warning: ') : '';
      options.stderr.write(`${prefix}${message.message}\n`);
    },
    progress(event: ProgressEvent) {
      if (options.json) return;
      if (tty?.update(event)) return;
      if (event.state === 'start' && !options.debug) return;
      const mark = { start: '…', done: paint('32', '✓'), skip: '=', fail: paint('31', '✗') }[event.state];
      options.stderr.write(`${mark} ${event.step.padEnd(6)} ${event.task}${event.detail ? `  ${event.detail}` : ''}\n`);
    },
    close: async () => tty?.close(),
  };
}
