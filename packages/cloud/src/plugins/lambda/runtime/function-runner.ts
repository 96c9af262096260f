import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CloudContext } from '../../../plugin.ts';
import { ServiceError } from '../../../service-error.ts';
import type { LogEventInput, LogsPlugin } from '../../logs/logs-plugin.ts';
import { functionArn, parseLayerVersionArn } from '../lambda-arns.ts';
import type { VersionRow } from '../function-store.ts';
import { findLayerVersion } from '../layer-store.ts';
import { CodeExtractor } from './code-extraction.ts';
import { EnvironmentPool, type PooledEnvironment } from './environment-pool.ts';
import { ExecutionEnvironment, errorPayload, type EnvironmentOutcome } from './execution-environment.ts';
import { invokeLogEvents } from './invoke-log.ts';
import { NODE_RUNTIME_CLIENT } from './node-runtime-client.ts';
import { PYTHON_RUNTIME_CLIENT } from './python-runtime-client.ts';
import { CLIENT_FILES, launchFor } from './runtime-launch.ts';

/** One invoke of a resolved function version. */
export interface RunRequest {
  functionName: string;
  version: VersionRow;
  /** The qualifier the caller named (an alias or version), for the invoked ARN. */
  qualifier?: string;
  payload: Buffer;
  clientContext?: string;
}

/** What a RequestResponse invoke answers. */
export interface RunResult {
  payload: Buffer;
  /** Set when the function failed. */
  functionError?: 'Unhandled';
  /**
   * The invoke's log (START … REPORT), as `X-Amz-Log-Result` carries its last 4 KB. Built on
   * demand: an answer that does not carry it goes out before the log is made and written.
   */
  log(): string;
}

const MAX_EVENT_ATTEMPTS = 3;
/** Milliseconds a throttled `Event` invoke waits before it asks for an environment again. */
const THROTTLE_RETRY_MS = 50;

/**
 * Runs deployed Lambda code: extracts each version's package (and layers) once, keeps warm
 * execution environments in a pool, writes each invoke's log to CloudWatch Logs and runs
 * `Event` invokes in the background with Lambda's two retries.
 */
export class FunctionRunner {
  readonly #ctx: CloudContext;
  readonly #extractor: CodeExtractor;
  readonly #pool: EnvironmentPool;
  readonly #clientsDir: string;
  readonly #retryDelayMs: number;
  readonly #background = new Set<Promise<void>>();
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(ctx: CloudContext) {
    this.#ctx = ctx;
    const root = join(ctx.stateDir, 'lambda-code');
    this.#extractor = new CodeExtractor(root, ctx.blobs);
    this.#clientsDir = join(root, '.runtime');
    this.#pool = new EnvironmentPool({
      maxEnvironments: ctx.knobs.lambdaMaxEnvironments ?? 16,
      idleMs: ctx.knobs.lambdaIdleMs ?? 300_000,
    });
    this.#retryDelayMs = ctx.knobs.lambdaEventRetryDelayMs ?? 60_000;
  }

  /** Clears extracted code from an earlier run and writes the runtime clients. */
  async start(): Promise<void> {
    await this.#extractor.reset();
    await mkdir(this.#clientsDir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.#clientsDir, CLIENT_FILES.node), NODE_RUNTIME_CLIENT, { mode: 0o600 });
    await writeFile(join(this.#clientsDir, CLIENT_FILES.python), PYTHON_RUNTIME_CLIENT, { mode: 0o600 });
  }

  /** Process ids of the live execution environments. */
  environmentPids(): number[] {
    return this.#pool.pids();
  }

  /** Runs one invoke to its end and logs it. */
  async run(request: RunRequest): Promise<RunResult> {
    const { functionName, version } = request;
    const key = `${functionName}\0${version.version}\0${version.config.RevisionId}`;
    const requestId = randomUUID();
    let pooled: PooledEnvironment;
    try {
      pooled = await this.#pool.acquire(key, () => this.#create(key, request));
    } catch (error) {
      if (!(error instanceof MissingBootstrap)) throw error;
      const payload = errorPayload(
        'Runtime.InvalidEntrypoint',
        `RequestId: ${requestId} Error: Couldn't find valid bootstrap(s): [${error.candidates.join(' ')}]`,
      );
      return { payload, functionError: 'Unhandled', log: () => '' };
    }
    const { environment } = pooled;
    let outcome: EnvironmentOutcome | undefined;
    // A fatal outcome's environment stops on release: its peak memory is read while it is there.
    let maxMemoryMb: number | undefined;
    try {
      outcome = await environment.invoke({
        requestId,
        payload: request.payload.length === 0 ? Buffer.from('{}') : request.payload,
        timeoutMs: version.config.Timeout * 1000,
        invokedFunctionArn: functionArn(this.#ctx, functionName, request.qualifier),
        clientContext: request.clientContext,
      });
      if (outcome.fatal) maxMemoryMb = environment.peakMemoryMb();
    } finally {
      this.#pool.release(pooled, outcome?.fatal ?? true);
    }
    const ended = outcome;
    const endedAt = Date.now();
    let events: LogEventInput[] | undefined;
    const writeLog = (): LogEventInput[] => {
      if (events) return events;
      const peak = maxMemoryMb ?? ended.maxMemoryMb ?? environment.peakMemoryMb();
      events = invokeLogEvents(requestId, version, ended, peak, endedAt);
      this.#logs()?.appendEvents(`/aws/lambda/${functionName}`, pooled.logStream, events);
      return events;
    };
    // The caller's answer is written in this turn's microtasks, the log right after them (the
    // check phase comes before the next request is read, so a log read that follows the answer
    // finds it); an answer that carries the log tail makes it first.
    setImmediate(writeLog);
    return {
      payload: ended.payload,
      ...(ended.errorType === undefined ? {} : { functionError: 'Unhandled' as const }),
      log: () =>
        writeLog()
          .map((event) => event.message)
          .join('\n') + '\n',
    };
  }

  /**
   * Queues an `Event` invoke: run in the background and, after a function error, retried twice
   * `lambdaEventRetryDelayMs` apart. A throttle (every environment busy) is not an attempt: the
   * event waits for a free environment, as Lambda's queue holds throttled events.
   */
  enqueue(request: RunRequest): void {
    const later = (ms: number, then: () => void): void => {
      const timer = setTimeout(() => {
        this.#retryTimers.delete(timer);
        then();
      }, ms);
      this.#retryTimers.add(timer);
    };
    const attempt = (n: number): void => {
      if (this.#closed) return;
      const running = this.run(request).then(
        (result) => (result.functionError === undefined ? 'done' : 'failed'),
        (error: unknown) =>
          error instanceof ServiceError && error.code === 'TooManyRequestsException' ? 'throttled' : 'failed',
      );
      const tracked = running.then((outcome) => {
        if (this.#closed || outcome === 'done') return;
        if (outcome === 'throttled') later(THROTTLE_RETRY_MS, () => attempt(n));
        else if (n + 1 < MAX_EVENT_ATTEMPTS) later(this.#retryDelayMs, () => attempt(n + 1));
      });
      this.#background.add(tracked);
      void tracked.finally(() => this.#background.delete(tracked));
    };
    attempt(0);
  }

  /** Retires a function's warm environments (its code or configuration changed, or it is gone). */
  retireFunction(functionName: string): void {
    this.#pool.retireFunction(functionName);
  }

  /** Stops every environment and pending retry; waits until the processes are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    await this.#pool.close();
    await Promise.allSettled(this.#background);
  }

  async #create(key: string, request: RunRequest): Promise<PooledEnvironment> {
    const { functionName, version } = request;
    const config = version.config;
    const taskRoot = await this.#extractor.extract(version.codeBlob);
    const layerRoots: string[] = [];
    for (const layer of config.Layers) {
      const parsed = parseLayerVersionArn(layer.Arn);
      const row = parsed && findLayerVersion(this.#ctx.db, parsed.name, parsed.version);
      if (!row) throw new ServiceError('ResourceNotFoundException', 404, `Layer version ${layer.Arn} does not exist.`);
      layerRoots.push(await this.#extractor.extract(row.codeBlob));
    }
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    const logStream = `${day}/[${version.version}]${randomBytes(16).toString('hex')}`;
    const launch = launchFor({
      functionName,
      version: version.version,
      runtime: config.Runtime,
      handler: config.Handler,
      memoryMb: config.MemorySize,
      region: this.#ctx.region,
      endpoint: this.#ctx.endpoint(),
      logGroup: `/aws/lambda/${functionName}`,
      logStream,
      variables: config.Environment ?? {},
      taskRoot,
      layerRoots,
      clientsDir: this.#clientsDir,
    });
    if ('missingBootstrap' in launch) throw new MissingBootstrap(launch.missingBootstrap);
    return { key, functionName, logStream, environment: await ExecutionEnvironment.start(launch) };
  }

  #logs(): LogsPlugin | undefined {
    try {
      return this.#ctx.plugin<LogsPlugin>('logs');
    } catch {
      return undefined;
    }
  }
}

/** A `provided*` function whose package and layers hold no runnable `bootstrap`. */
class MissingBootstrap extends Error {
  readonly candidates: string[];
  constructor(candidates: string[]) {
    super('no bootstrap');
    this.candidates = candidates;
  }
}
