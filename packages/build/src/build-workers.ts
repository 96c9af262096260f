import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OperationError, messages } from '@toolkit/core';
import type { WalkedFile } from './directory-walk.ts';
import { reviveError, type WorkerReply, type WorkerTask } from './worker-protocol.ts';
import type { ZipOptions, ZipResult } from './zip-files.ts';

/**
 * Zips on worker threads, one archive per worker at a time. A worker deflates its small
 * files synchronously, which costs about a third less CPU than zlib's asynchronous API
 * (no stream object and pool trip per file) and keeps the main thread free for uploads:
 * W50's 15,000 files built in 2.7 s on 2 cores instead of 3.7 s. Workers start on first
 * use, so a run that zips nothing starts none. (Folder walks stay on the main thread:
 * two threads stat-ing in parallel took 2.7× the CPU of one, for no gain in time.)
 */
export class BuildWorkers {
  private readonly idle: Worker[] = [];
  private readonly workers = new Set<Worker>();
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private nextTaskId = 0;

  constructor(private readonly size: number) {}

  /**
   * Zips `files` into the new file `path` on a worker; see {@link zipToNewFile}. A temp zip
   * that only this build reads back (`durable: false`) is not flushed to disk.
   */
  async zipToNewFile(
    files: readonly WalkedFile[],
    path: string,
    options: ZipOptions = {},
    durable = true,
  ): Promise<ZipResult> {
    const worker = await this.acquire();
    try {
      const reply = await runTask(worker, { id: this.nextTaskId++, files, path, options, durable });
      if ('error' in reply) throw reviveError(reply.error);
      return reply.summary;
    } finally {
      this.release(worker);
    }
  }

  /**
   * Starts the pool's workers ahead of the first archive, while something else runs (a
   * dependency install): a worker takes about 0.1 s to load, which the first zips would wait for.
   */
  prestart(): void {
    while (this.workers.size < this.size) this.idle.push(this.spawn());
  }

  /**
   * Starts one worker for a task about to come (a source found changed while its folder is
   * still being walked), unless one is idle already or the pool is full: it loads while the
   * walk ends. One, not the pool: on two cores a second worker loading for nothing slowed the rebuild.
   */
  warmUp(): void {
    if (this.idle.length === 0 && this.workers.size < this.size) this.idle.push(this.spawn());
  }

  /** Workers started and not stopped, idle or busy. */
  get running(): number {
    return this.workers.size;
  }

  /** Stops every worker; tasks still running fail. */
  async close(): Promise<void> {
    const workers = [...this.workers];
    this.workers.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private async acquire(): Promise<Worker> {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.workers.size < this.size) return this.spawn();
    return await new Promise<Worker>((resolve) => this.waiting.push(resolve));
  }

  private spawn(): Worker {
    const worker = startWorker();
    this.workers.add(worker);
    // A worker that dies (out of memory, killed) leaves the pool; the next task starts another.
    worker.once('exit', () => this.forget(worker));
    return worker;
  }

  private release(worker: Worker): void {
    if (!this.workers.has(worker)) {
      // It died: let a waiting task start a fresh one.
      const next = this.waiting.shift();
      if (next) void this.acquire().then(next);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  private forget(worker: Worker): void {
    this.workers.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
  }
}

function runTask(worker: Worker, task: WorkerTask): Promise<WorkerReply> {
  return new Promise<WorkerReply>((resolve, reject) => {
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WorkerReply): void => {
      if (reply.id !== task.id) return;
      cleanup();
      resolve(reply);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(
        new OperationError(
          messages.BuildWorkerFailed,
          `A build worker failed while writing ${task.path}: ${error.message}`,
          { cause: error },
        ),
      );
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(
        new OperationError(
          messages.BuildWorkerFailed,
          `A build worker stopped (exit code ${code}) while writing ${task.path}.`,
        ),
      );
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
}

/**
 * The CLI's bundle ships the worker as `build-worker.mjs` next to itself. Sources
 * run as TypeScript (tests, library users through tsx) start it from its `.ts` file; Node 20
 * does not carry a parent's module hooks into workers, so the worker registers tsx itself.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./build-worker.mjs', here));
  const entry = new URL('./build-worker.ts', here).href;
  const bootstrap = `import(${JSON.stringify(tsxEsmApi(here))}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/** The file URL of tsx's ESM API, found through its package's export map. */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const exports = (
    JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }
  ).exports;
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}
