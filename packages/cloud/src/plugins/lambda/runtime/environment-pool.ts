import { ServiceError } from '../../../service-error.ts';
import type { ExecutionEnvironment } from './execution-environment.ts';

/** Limits of the warm pool. */
export interface PoolOptions {
  /** Environments alive at once, busy or idle, over every function. */
  maxEnvironments: number;
  /** Milliseconds an idle environment is kept before it is stopped. */
  idleMs: number;
}

/** An environment with what the pool knows of it. */
export interface PooledEnvironment {
  readonly key: string;
  readonly functionName: string;
  readonly environment: ExecutionEnvironment;
  /** The log stream its invokes write to. */
  readonly logStream: string;
}

interface Entry {
  pooled: PooledEnvironment;
  busy: boolean;
  retired: boolean;
  idleTimer?: NodeJS.Timeout;
  lastUsed: number;
}

/**
 * Warm execution environments, keyed by function version and revision: an idle one is reused,
 * concurrent invokes get their own, idle ones stop after `idleMs`, at most `maxEnvironments`
 * live at once (the least recently used idle one makes room), and a changed function's are retired.
 */
export class EnvironmentPool {
  readonly #options: PoolOptions;
  readonly #entries = new Set<Entry>();
  readonly #stopping = new Set<Promise<void>>();
  #closed = false;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** Environments alive now (busy or idle). */
  get size(): number {
    return this.#entries.size;
  }

  /** Process ids of every live environment. */
  pids(): number[] {
    return [...this.#entries].flatMap((entry) => entry.pooled.environment.pid ?? []);
  }

  /**
   * An idle environment for `key`, or a new one from `create`; TooManyRequestsException when
   * every slot is busy. Give it back with `release`.
   */
  async acquire(key: string, create: () => Promise<PooledEnvironment>): Promise<PooledEnvironment> {
    if (this.#closed) throw new ServiceError('ServiceException', 500, 'The local cloud is shutting down.');
    for (const entry of this.#entries) {
      if (entry.busy || entry.pooled.key !== key || entry.retired || entry.pooled.environment.exited) continue;
      clearTimeout(entry.idleTimer);
      entry.busy = true;
      return entry.pooled;
    }
    if (this.#entries.size >= this.#options.maxEnvironments) this.#evictIdle();
    if (this.#entries.size >= this.#options.maxEnvironments)
      throw new ServiceError('TooManyRequestsException', 429, 'Rate Exceeded.', {
        Reason: 'ConcurrentInvocationLimitExceeded',
      });
    const placeholder: Entry = {
      pooled: undefined as unknown as PooledEnvironment,
      busy: true,
      retired: false,
      lastUsed: 0,
    };
    this.#entries.add(placeholder);
    try {
      placeholder.pooled = await create();
    } catch (error) {
      this.#entries.delete(placeholder);
      throw error;
    }
    if (this.#closed) {
      this.#stop(placeholder);
      throw new ServiceError('ServiceException', 500, 'The local cloud is shutting down.');
    }
    return placeholder.pooled;
  }

  /** Gives an environment back: kept warm, or stopped when `discard`, retired or closed. */
  release(pooled: PooledEnvironment, discard: boolean): void {
    const entry = [...this.#entries].find((candidate) => candidate.pooled === pooled);
    if (!entry) return;
    entry.busy = false;
    entry.lastUsed = performance.now();
    if (discard || entry.retired || this.#closed || pooled.environment.exited) {
      this.#stop(entry);
      return;
    }
    entry.idleTimer = setTimeout(() => this.#stop(entry), this.#options.idleMs);
    entry.idleTimer.unref();
  }

  /** Retires a function's environments: idle ones stop now, busy ones when their invoke ends. */
  retireFunction(functionName: string): void {
    for (const entry of this.#entries) {
      if (entry.pooled?.functionName !== functionName) continue;
      entry.retired = true;
      if (!entry.busy) this.#stop(entry);
    }
  }

  /** Stops every environment, busy ones included, and waits until their processes are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const entry of this.#entries) if (entry.pooled) this.#stop(entry);
    await Promise.all(this.#stopping);
  }

  #evictIdle(): void {
    let oldest: Entry | undefined;
    for (const entry of this.#entries) {
      if (entry.busy) continue;
      if (!oldest || entry.lastUsed < oldest.lastUsed) oldest = entry;
    }
    if (oldest) this.#stop(oldest);
  }

  #stop(entry: Entry): void {
    clearTimeout(entry.idleTimer);
    this.#entries.delete(entry);
    const stopping = entry.pooled.environment.stop();
    this.#stopping.add(stopping);
    void stopping.finally(() => this.#stopping.delete(stopping));
  }
}
