import { AsyncLocalStorage } from 'node:async_hooks';
import type { Identity } from '../../iam/identity-store.ts';
import type { CloudContext } from '../../plugin.ts';
import { runCreate, runUpdate, type DeployTarget } from './deploy-operation.ts';
import { runDelete } from './delete-operation.ts';
import { newStackId } from './ids.ts';
import { isStackSettled, type ResourceStatus, type StackRecord, type StackStatus } from './model.ts';
import { NestedStacks } from './nested-stacks.ts';
import { OperationContext, type OperationDeps } from './operation-context.ts';
import type { PreparationDeps } from './deployment-preparation.ts';
import { AwsClients } from './providers/aws-clients.ts';
import type { NestedStackHost, ResourceProvider } from './providers/provider.ts';
import { ProviderCatalog } from './providers/provider-catalog.ts';
import { listExports } from './stack-exports.ts';
import { StackEvents } from './stack-events.ts';
import { StackStore } from './stack-store.ts';

/** AWS's default quota of stacks per account and region. */
const DEFAULT_STACK_LIMIT = 2000;

/** Where an interrupted operation leaves its stack on the next start. */
const INTERRUPTED: Partial<Record<StackStatus, StackStatus>> = {
  CREATE_IN_PROGRESS: 'CREATE_FAILED',
  ROLLBACK_IN_PROGRESS: 'ROLLBACK_FAILED',
  DELETE_IN_PROGRESS: 'DELETE_FAILED',
  UPDATE_IN_PROGRESS: 'UPDATE_FAILED',
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_COMPLETE',
  UPDATE_ROLLBACK_IN_PROGRESS: 'UPDATE_ROLLBACK_FAILED',
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_ROLLBACK_COMPLETE',
};

/** The reason recorded on stacks and resources an interrupted operation left behind. */
export const INTERRUPTED_REASON = 'Stack operation interrupted: the local cloud stopped before it finished';

/** Engine options (tests and the plugin factory). */
export interface EngineOptions {
  /** Resources worked on at once within one stack; default 8. */
  concurrency?: number;
  providers: ReadonlyMap<string, ResourceProvider>;
}

/**
 * Runs stack operations in the background, one per stack at a time, with all state in
 * SQLite. The API handlers call it; it never blocks a request on resource work.
 */
export class CloudFormationEngine {
  readonly store: StackStore;
  readonly events: StackEvents;
  readonly providers: ProviderCatalog;
  private readonly running = new Map<string, Promise<void>>();
  private readonly callers = new AsyncLocalStorage<Identity>();
  private readonly clientsByKey = new Map<string, AwsClients>();
  private readonly concurrency: number;
  private closing = false;
  private reservedStacks = 0;

  constructor(
    readonly ctx: CloudContext,
    options: EngineOptions,
  ) {
    this.store = new StackStore(ctx.db);
    this.events = new StackEvents(this.store, () => ctx.now());
    this.providers =
      options.providers instanceof ProviderCatalog
        ? options.providers
        : new ProviderCatalog(options.providers.values());
    this.concurrency = options.concurrency ?? 8;
  }

  /**
   * Runs `work` (a request and every operation it starts, nested stacks included) as
   * `caller`: resource calls are signed with the caller's key, so a stack can do only
   * what its deployer may. Without a caller (recovery at start) the administrator acts.
   */
  runAs<T>(caller: Identity | undefined, work: () => T): T {
    return caller ? this.callers.run(caller, work) : work();
  }

  /** The identity the current request or operation runs as; undefined when the administrator acts (recovery at start). */
  caller(): Identity | undefined {
    return this.callers.getStore();
  }

  /** The clients of the identity the current request or operation runs as. */
  get clients(): AwsClients {
    const caller = this.callers.getStore() ?? this.ctx.identities.byName('admin');
    if (!caller) throw new Error('the state folder has no admin identity');
    let clients = this.clientsByKey.get(caller.accessKeyId);
    if (!clients) {
      clients = new AwsClients(() => this.ctx.endpoint(), this.ctx.region, {
        accessKeyId: caller.accessKeyId,
        secretAccessKey: caller.secretAccessKey,
      });
      this.clientsByKey.set(caller.accessKeyId, clients);
    }
    return clients;
  }

  /** What template preparation needs. */
  preparationDeps(): PreparationDeps {
    return {
      region: this.ctx.region,
      accountId: this.ctx.accountId,
      clients: this.clients,
      providers: this.providers,
      importValue: (name) => listExports(this.store).get(name)?.value,
    };
  }

  private operationDeps(): OperationDeps {
    return {
      store: this.store,
      events: this.events,
      providers: this.providers,
      clients: this.clients,
      region: this.ctx.region,
      accountId: this.ctx.accountId,
      concurrency: this.concurrency,
      now: () => this.ctx.now(),
      nestedHost: (parent) => this.nestedHost(parent),
      abandoned: () => this.closing,
    };
  }

  /**
   * Takes a place under the account's stack quota (the `stackLimit` knob, else
   * AWS's default 2000) for a stack about to be saved: undefined when none is
   * left. Nested stacks count — this is what bounds a template that nests the same
   * template many times, as it is in AWS. Release the place once the stack is
   * saved (or will not be); places held count, so concurrent creations cannot overshoot.
   */
  reserveStack(): (() => void) | undefined {
    if (this.store.liveCount() + this.reservedStacks >= (this.ctx.knobs.stackLimit ?? DEFAULT_STACK_LIMIT))
      return undefined;
    this.reservedStacks++;
    let held = true;
    return () => {
      if (held) this.reservedStacks--;
      held = false;
    };
  }

  /** A new, not yet saved stack record. */
  newStack(stackName: string, status: StackStatus): StackRecord {
    return {
      stackId: newStackId(this.ctx.region, this.ctx.accountId, stackName),
      stackName,
      status,
      creationTime: this.ctx.now().toISOString(),
      parameters: [],
      capabilities: [],
      tags: [],
      notificationArns: [],
      disableRollback: false,
      enableTerminationProtection: false,
      outputs: [],
      templateBody: '',
      processedTemplate: {},
      resources: {},
    };
  }

  /** True once close() began: background work stops writing state. */
  isClosing(): boolean {
    return this.closing;
  }

  /** True while an operation runs on the stack. */
  isBusy(stackId: string): boolean {
    return this.running.has(stackId);
  }

  /** Starts creating `stack` (saved or not) in the background. */
  startCreate(stack: StackRecord, target: DeployTarget): Promise<void> {
    return this.track(stack, () => runCreate(new OperationContext(this.operationDeps(), stack), target));
  }

  /** Starts updating `stack` in the background. */
  startUpdate(stack: StackRecord, target: DeployTarget): Promise<void> {
    return this.track(stack, () => runUpdate(new OperationContext(this.operationDeps(), stack), target));
  }

  /** Starts deleting `stack` in the background. */
  startDelete(stack: StackRecord): Promise<void> {
    return this.track(stack, () => runDelete(new OperationContext(this.operationDeps(), stack)));
  }

  /** Resolves once no operation runs on the stack. */
  async settled(stackId: string): Promise<void> {
    await this.running.get(stackId);
  }

  private track(stack: StackRecord, run: () => Promise<void>): Promise<void> {
    const stackId = stack.stackId;
    // Resources recorded by an earlier run may be of types only the specification knows.
    const types = Object.values(stack.resources).map((resource) => resource.type);
    const operation = this.providers
      .prepare(types)
      .then(run)
      .catch((error: unknown) => {
        // A bug, not a resource failure: leave the stack failed rather than forever in progress.
        if (!this.closing)
          this.markInterrupted(stackId, `Internal error in the local CloudFormation engine: ${String(error)}`);
      })
      .finally(() => this.running.delete(stackId));
    this.running.set(stackId, operation);
    return operation;
  }

  private nestedHost(parent: StackRecord): NestedStackHost {
    return new NestedStacks(this, parent);
  }

  /**
   * Marks stacks an interrupted run left in progress as failed (see SPEC.md): no operation
   * survives a restart, because resource work in flight cannot be resumed safely.
   */
  recoverInterrupted(): void {
    for (const stack of this.store.list(false)) {
      if (isStackSettled(stack.status)) continue;
      this.markInterrupted(stack.stackId, INTERRUPTED_REASON);
    }
    for (const stack of this.store.list(false)) {
      for (const changeSet of this.store.changeSets(stack.stackId)) {
        if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
          this.store.saveChangeSet({ ...changeSet, executionStatus: 'EXECUTE_FAILED' });
        }
      }
    }
  }

  private markInterrupted(stackId: string, reason: string): void {
    const stack = this.store.find(stackId);
    if (!stack) return;
    const next =
      INTERRUPTED[stack.status] ??
      (stack.status.endsWith('_IN_PROGRESS') && stack.status !== 'REVIEW_IN_PROGRESS' ? 'UPDATE_FAILED' : undefined);
    if (next === undefined) return;
    for (const resource of Object.values(stack.resources)) {
      if (!resource.status.endsWith('_IN_PROGRESS')) continue;
      const failed = resource.status.replace('_IN_PROGRESS', '_FAILED') as ResourceStatus;
      resource.status = failed;
      resource.statusReason = reason;
      this.events.resource(stack, resource, failed, reason);
    }
    stack.status = next;
    stack.statusReason = reason;
    this.store.save(stack);
    this.events.stack(stack, next, reason);
  }

  /** Stops: operations stop at their next step without writing; the next start marks them failed. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.running.values());
    for (const clients of this.clientsByKey.values()) clients.destroy();
  }
}
