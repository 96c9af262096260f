import { Listr, ProcessOutput, type ListrTaskWrapper } from 'listr2';
import type { ProgressEvent } from '@toolkit/core';

/** One artifact's row: its steps in order and how each went. */
interface Row {
  steps: string[];
  states: Map<string, ProgressEvent['state']>;
  wrapper?: { title: string };
  finish: (error?: Error) => void;
  done: Promise<void>;
}

const marks: Record<ProgressEvent['state'], string> = { start: '…', done: '✓', skip: '=', fail: '✗' };

/**
 * listr2 progress on an interactive terminal: one row per artifact showing its
 * build / upload / sign steps. Rows are created when the action announces its
 * plan; events update them; close() settles whatever is left.
 */
export class TtyProgress {
  private readonly rows = new Map<string, Row>();
  private running: Promise<unknown> | undefined;

  /** Starts rendering a row for each artifact. */
  begin(items: readonly { id: string; steps: readonly string[] }[]): void {
    if (this.running) return;
    for (const item of items) {
      let finish!: (error?: Error) => void;
      const done = new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())));
      this.rows.set(item.id, { steps: [...item.steps], states: new Map(), finish, done });
    }
    const listr = new Listr(
      [...this.rows].map(([id, row]) => ({
        title: id,
        task: (_ctx: unknown, task: ListrTaskWrapper<unknown, never, never>) => {
          row.wrapper = task;
          task.title = this.title(id, row);
          return row.done;
        },
      })),
      {
        concurrent: true,
        exitOnError: false,
        registerSignalListeners: false,
        rendererOptions: { processOutput: new ProcessOutput(process.stderr, process.stderr) },
      } as never,
    );
    this.running = listr.run().catch(() => undefined);
  }

  /** Updates the row an event belongs to; a row ends at its last step or a failure. */
  update(event: ProgressEvent): boolean {
    const row = this.rows.get(event.task);
    if (!row) return false;
    row.states.set(event.step, event.state);
    if (row.wrapper) row.wrapper.title = this.title(event.task, row);
    if (event.state === 'fail') row.finish(new Error(`${event.step} failed${event.detail ? `: ${event.detail}` : ''}`));
    else if (event.step === row.steps.at(-1) && event.state !== 'start') row.finish();
    return true;
  }

  /** Settles every row still open and waits for the renderer to finish. */
  async close(): Promise<void> {
    for (const row of this.rows.values()) row.finish();
    await this.running;
  }

  private title(id: string, row: Row): string {
    const steps = row.steps.map((step) => `${step} ${marks[row.states.get(step) ?? 'start'] ?? ''}`.trimEnd());
    return `${id.padEnd(28)} ${steps.join('  ')}`;
  }
}
