import type { IoHost, IoMessage, ProgressEvent } from '@toolkit/core';
import type { TextSink } from '../cli-environment.ts';
import { eventColumns, eventTableHeader, eventTableRow, type StackEventRow } from './stack-event-table.ts';
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

/** Announces the artifacts of a run so progress can show a row for each. */
export const planMessageCode = 'ArtifactPlan';
/** A stack event (data: the event): rendered as a row of the events table. */
export const stackEventCode = 'StackEvent';
/** A change set row (data: the change, with its `action`). */
export const changeCode = 'Change';

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
      if (message.code === planMessageCode && tty) {
        tty.begin((message.data?.artifacts ?? []) as { id: string; steps: string[] }[]);
        return;
      }
      if (message.level === 'warn') warnings.push(message.message);
      if (message.level === 'debug' && !options.debug) return;
      if (message.level === 'info' && options.json) return;
      if (message.code === stackEventCode && message.data && !options.json) {
        if (!eventHeaderShown) options.stderr.write(eventTableHeader(widths));
        eventHeaderShown = true;
        options.stderr.write(eventTableRow(message.data as unknown as StackEventRow, widths, color));
        return;
      }
      if (message.code === changeCode && message.level === 'info') {
        options.stderr.write(`${paint(color, changeColor(String(message.data?.action ?? '')), message.message)}\n`);
        return;
      }
      const prefix =
        message.level === 'error'
          ? paint(color, 'red', 'error: ')
          : message.level === 'warn'
            ? paint(color, 'yellow', 'warning: ')
            : '';
      options.stderr.write(`${prefix}${message.message}\n`);
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
