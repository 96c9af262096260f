import { messages, type IoHost, type IoMessage, type ProgressEvent } from '@toolkit/core';
import type { TextSink } from '../cli-environment.ts';
import { noticeText } from './notice-text.ts';
import { eventColumns, eventTableHeader, eventTableRow } from './stack-event-table.ts';
import { changeColor, paint } from './status-colors.ts';
import type { TtyProgress } from './tty-progress.ts';

/** Options of the CLI's renderer. */
export interface CliIoHostOptions {
  stderr: TextSink;
  json: boolean;
  debug: boolean;
  /** ANSI colours: only on a terminal, never with --json, NO_COLOR or --no-color. */
  color: boolean;
  /** The terminal's width; tables wrap within it. Undefined when not a terminal. */
  columns?: number | undefined;
  /** listr2 progress rows, given only on an interactive terminal outside CI and --json. */
  tty: TtyProgress | undefined;
}

/**
 * The CLI's IoHost: everything but results goes to stderr. With --json only
 * warnings and errors are printed, so scripts can still see what went wrong.
 */
export function createCliIoHost(options: CliIoHostOptions): IoHost & { warnings: string[]; close(): Promise<void> } {
  const warnings: string[] = [];
  const tty = options.tty;
  const color = options.color && !options.json;
  const widths = eventColumns(options.columns);
  let eventHeaderShown = false;
  return {
    warnings,
    notify(message: IoMessage) {
      // The artifacts of the run: one progress row each.
      if (messages.ArtifactPlan.is(message) && tty) {
        tty.begin(message.data?.artifacts ?? []);
        return;
      }
      const text = noticeText(message);
      if (message.level === 'warn') warnings.push(text);
      if (message.level === 'debug' && !options.debug) return;
      if (message.level === 'info' && options.json) return;
      const event = messages.StackEvent.is(message) || messages.StackEventFailed.is(message) ? message.data : undefined;
      if (event && !options.json) {
        if (!eventHeaderShown) options.stderr.write(eventTableHeader(widths));
        eventHeaderShown = true;
        options.stderr.write(eventTableRow(event, widths, color));
        return;
      }
      if (messages.Change.is(message)) {
        options.stderr.write(`${paint(color, changeColor(message.data?.action ?? ''), text)}\n`);
        return;
      }
      const prefix =
        message.level === 'error'
          ? paint(color, 'red', 'error: ')
          : message.level === 'warn'
            ? paint(color, 'yellow', 'warning: ')
            : '';
      options.stderr.write(`${prefix}${text}\n`);
    },
    progress(event: ProgressEvent) {
      if (options.json) return;
      if (tty?.update(event)) return;
      if (event.state === 'start' && !options.debug) return;
      const mark = { start: '…', done: paint(color, 'green', '✓'), skip: '=', fail: paint(color, 'red', '✗') }[
        event.state
      ];
      options.stderr.write(`${mark} ${event.step.padEnd(6)} ${event.task}${event.detail ? `  ${event.detail}` : ''}\n`);
    },
    close: async () => tty?.close(),
  };
}
