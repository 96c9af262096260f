import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { OutputBuffer } from './output-buffer.ts';
import { RuntimeApiServer, type RuntimeAnswer } from './runtime-api-server.ts';

/** How to start one environment's runtime process. */
export interface EnvironmentLaunch {
  /** The executable and its arguments. */
  command: readonly string[];
  cwd: string;
  /** The whole environment of the process (nothing is inherited from the cloud). */
  env: Record<string, string>;
  /** Whether the runtime client writes end markers (ours do; a custom `bootstrap` does not). */
  writesMarkers: boolean;
}

/** One invoke, as the environment runs it. */
export interface EnvironmentInvoke {
  requestId: string;
  payload: Buffer;
  timeoutMs: number;
  invokedFunctionArn: string;
  clientContext?: string;
}

/** How one invoke ended. `fatal` means the environment is gone and must not be reused. */
export interface EnvironmentOutcome {
  payload: Buffer;
  /** Set when the function failed: the runtime's error type (`Runtime.ImportModuleError`, `Error`, …). */
  errorType?: string;
  /** The process output during the invoke, markers removed. */
  output: string;
  durationMs: number;
  /** Milliseconds from spawn to the first `/next`, on the environment's first invoke. */
  initDurationMs?: number;
  timedOut: boolean;
  fatal: boolean;
  /** The runtime's peak memory in MB, when its client reported it with the answer. */
  maxMemoryMb?: number;
}

/** Lambda's limit on the init phase. */
const INIT_LIMIT_MS = 10_000;

interface Running {
  invoke: EnvironmentInvoke;
  started: number;
  answer?: RuntimeAnswer;
  markerSeen: boolean;
  finish(outcome: EnvironmentOutcome): void;
  timer: NodeJS.Timeout;
}

/**
 * One Lambda execution environment: a runtime process behind its own Runtime API,
 * its stdout and stderr merged (so lines keep their order), one invoke at a time.
 */
export class ExecutionEnvironment {
  readonly #api: RuntimeApiServer;
  readonly #process: ChildProcess;
  readonly #decoder = new StringDecoder('utf8');
  readonly #writesMarkers: boolean;
  readonly #spawned = performance.now();
  readonly #output = new OutputBuffer();
  #running: Running | undefined;
  #initDurationMs: number | undefined;
  #readyAt: number | undefined;
  #invoked = false;
  #exited: string | undefined;
  #initError: RuntimeAnswer | undefined;
  readonly #exit: Promise<void>;
  /** `/proc/<pid>/status`, opened once: every invoke's REPORT reads the peak memory from it. */
  #status: ProcStatus | undefined;

  private constructor(api: RuntimeApiServer, launch: EnvironmentLaunch, apiAddress: string) {
    this.#api = api;
    this.#writesMarkers = launch.writesMarkers;
    // `exec … 2>&1` gives the runtime one pipe for both streams, as Lambda's log capture sees them.
    this.#process = spawn('/bin/sh', ['-c', 'exec "$@" 2>&1', 'sh', ...launch.command], {
      cwd: launch.cwd,
      env: { ...launch.env, AWS_LAMBDA_RUNTIME_API: apiAddress },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.#process.stdout!.on('data', (chunk: Buffer) => this.#onOutput(this.#decoder.write(chunk)));
    this.#exit = new Promise((resolve) => {
      this.#process.once('error', (error) => {
        this.#onExit(`Runtime failed to start: ${error.message}`);
        resolve();
      });
      this.#process.once('close', (code, signal) => {
        this.#onExit(`Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code ?? 0}`}`);
        resolve();
      });
    });
  }

  /** Starts the runtime API and the process; initialisation runs until the runtime first asks for an event. */
  static async start(launch: EnvironmentLaunch): Promise<ExecutionEnvironment> {
    let environment: ExecutionEnvironment | undefined;
    const api = await RuntimeApiServer.start((answer) => environment?.onAnswer(answer));
    environment = new ExecutionEnvironment(api, launch, api.address);
    return environment;
  }

  /** The runtime process id (for tests that check nothing is left running). */
  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** Whether the process is gone. */
  get exited(): boolean {
    return this.#exited !== undefined;
  }

  /** Runs one event to its end: an answer, a crash, or the timeout (which kills the process). */
  invoke(invoke: EnvironmentInvoke): Promise<EnvironmentOutcome> {
    if (this.#running) throw new Error('an execution environment runs one invoke at a time');
    return new Promise((resolve) => {
      const started = performance.now();
      const running: Running = {
        invoke,
        started,
        markerSeen: false,
        finish: resolve,
        // Before the runtime is ready, initialisation has Lambda's own 10 s on top of the timeout.
        timer: setTimeout(() => this.#timeout(), invoke.timeoutMs + (this.#readyAt === undefined ? INIT_LIMIT_MS : 0)),
      };
      this.#running = running;
      if (this.#exited !== undefined || this.#initError) {
        this.#settle();
        return;
      }
      this.#api.deliver({
        requestId: invoke.requestId,
        payload: invoke.payload,
        timeoutMs: invoke.timeoutMs,
        invokedFunctionArn: invoke.invokedFunctionArn,
        clientContext: invoke.clientContext,
      });
    });
  }

  /** Kills the process and closes its Runtime API; resolves once the process is gone. */
  async stop(): Promise<void> {
    if (this.#exited === undefined) this.#process.kill('SIGKILL');
    this.#api.close();
    await this.#exit;
    this.#status?.close();
  }

  /** Receives what the runtime posted (called by the Runtime API server). */
  onAnswer(answer: RuntimeAnswer): void {
    if (answer.kind === 'next') {
      if (this.#readyAt !== undefined) return;
      this.#readyAt = performance.now();
      this.#initDurationMs = this.#readyAt - this.#spawned;
      const running = this.#running;
      if (running) {
        clearTimeout(running.timer);
        running.timer = setTimeout(() => this.#timeout(), running.invoke.timeoutMs);
      }
      return;
    }
    if (answer.kind === 'init-error') {
      this.#initError = answer;
      if (this.#running) this.#settle();
      return;
    }
    const running = this.#running;
    if (!running || answer.requestId !== running.invoke.requestId) return;
    running.answer = answer;
    if (running.markerSeen || !this.#writesMarkers) this.#settle();
  }

  #onOutput(text: string): void {
    const running = this.#running;
    const watching = running && !running.markerSeen && this.#writesMarkers;
    const marker = watching ? `\u001e${running.invoke.requestId}\n` : undefined;
    if (this.#output.append(text, marker) && running) {
      running.markerSeen = true;
      if (running.answer) this.#settle();
    }
  }

  #onExit(reason: string): void {
    if (this.#exited !== undefined) return;
    this.#exited = reason;
    this.#api.close();
    this.#status?.close();
    this.#status = undefined;
    if (this.#running) this.#settle();
  }

  #timeout(): void {
    const running = this.#running;
    if (!running) return;
    this.#process.kill('SIGKILL');
    const seconds = (running.invoke.timeoutMs / 1000).toFixed(2);
    const message = `Task timed out after ${seconds} seconds`;
    this.#output.append(`${new Date().toISOString()} ${running.invoke.requestId} ${message}\n`);
    this.#finish(running, {
      payload: errorPayload('Sandbox.Timedout', `RequestId: ${running.invoke.requestId} Error: ${message}`),
      errorType: 'Sandbox.Timedout',
      timedOut: true,
      fatal: true,
    });
  }

  #settle(): void {
    const running = this.#running;
    if (!running) return;
    const answer = running.answer;
    const id = running.invoke.requestId;
    if (this.#initError && this.#initError.kind === 'init-error') {
      const type = this.#initError.errorType ?? 'Runtime.Unknown';
      this.#finish(running, { payload: this.#initError.body, errorType: type, timedOut: false, fatal: true });
    } else if (answer?.kind === 'response') {
      this.#finish(running, { payload: answer.body, timedOut: false, fatal: false, ...reportedMemory(answer) });
    } else if (answer?.kind === 'error') {
      this.#finish(running, {
        payload: answer.body,
        errorType: answer.errorType ?? 'Unhandled',
        timedOut: false,
        fatal: false,
        ...reportedMemory(answer),
      });
    } else if (answer?.kind === 'too-large') {
      const message = `Response payload size exceeded maximum allowed payload size (6291556 bytes).`;
      this.#finish(running, {
        payload: errorPayload('Function.ResponseSizeTooLarge', message),
        errorType: 'Function.ResponseSizeTooLarge',
        timedOut: false,
        fatal: false,
      });
    } else if (this.#exited !== undefined) {
      const message = `RequestId: ${id} Error: ${this.#exited}`;
      this.#finish(running, {
        payload: errorPayload('Runtime.ExitError', message),
        errorType: 'Runtime.ExitError',
        timedOut: false,
        fatal: true,
      });
    }
  }

  /**
   * The process's peak resident memory in MB (0 once it is gone). A high-water mark: read after
   * an invoke's answer went out, it is still that invoke's peak, as the next one has not begun.
   */
  peakMemoryMb(): number {
    if (this.#exited !== undefined || this.#process.pid === undefined) return 0;
    this.#status ??= new ProcStatus(this.#process.pid);
    return this.#status.peakMemoryMb();
  }

  #finish(
    running: Running,
    result: Pick<EnvironmentOutcome, 'payload' | 'errorType' | 'timedOut' | 'fatal' | 'maxMemoryMb'>,
  ): void {
    clearTimeout(running.timer);
    this.#running = undefined;
    const output = this.#output
      .take()
      .replaceAll(`\u001e${running.invoke.requestId}\n`, '')
      .replaceAll('\u001einit\n', '');
    const initDurationMs = this.#invoked ? undefined : this.#initDurationMs;
    this.#invoked = true;
    running.finish({
      ...result,
      output,
      // Lambda's Duration leaves out initialisation, which Init Duration reports.
      durationMs: performance.now() - Math.max(running.started, this.#readyAt ?? running.started),
      initDurationMs,
    });
  }
}

/** The peak memory a runtime client reported with its answer, in whole MB as REPORT lines give it. */
function reportedMemory(answer: { peakMemoryKb?: number }): { maxMemoryMb?: number } {
  return answer.peakMemoryKb === undefined ? {} : { maxMemoryMb: Math.ceil(answer.peakMemoryKb / 1024) };
}

/** A Lambda-shaped error payload. */
export function errorPayload(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}

/**
 * A process's `/proc/<pid>/status`, kept open: each read is one `pread` from offset 0 (procfs
 * renders the file afresh), not the open, stat, read and close of a `readFileSync` per invoke.
 */
class ProcStatus {
  #fd: number | undefined;
  readonly #buffer = Buffer.alloc(8192);

  constructor(pid: number) {
    try {
      this.#fd = openSync(`/proc/${pid}/status`, 'r');
    } catch {
      this.#fd = undefined;
    }
  }

  /** The peak resident memory in MB (Linux `VmHWM`), 0 where it cannot be read. */
  peakMemoryMb(): number {
    if (this.#fd === undefined) return 0;
    try {
      const length = readSync(this.#fd, this.#buffer, 0, this.#buffer.length, 0);
      const match = /VmHWM:\s+(\d+) kB/.exec(this.#buffer.toString('latin1', 0, length));
      return match ? Math.ceil(Number(match[1]) / 1024) : 0;
    } catch {
      return 0;
    }
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
