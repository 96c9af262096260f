import type { PseudoParameters } from '@toolkit/intrinsics';
import type { ResourceRecord, ResourceStatus, StackRecord, StackStatus } from './model.ts';
import type { AwsClients } from './providers/aws-clients.ts';
import type { NestedStackHost, ProviderContext, ResourceProvider } from './providers/provider.ts';
import type { StackEvents } from './stack-events.ts';
import type { StackStore } from './stack-store.ts';

/** What every stack operation needs from the engine. */
export interface OperationDeps {
  readonly store: StackStore;
  readonly events: StackEvents;
  readonly providers: ReadonlyMap<string, ResourceProvider>;
  readonly clients: AwsClients;
  readonly region: string;
  readonly accountId: string;
  /** Resources worked on at once. */
  readonly concurrency: number;
  now(): Date;
  /** Nested stack operations for children of `parent`. */
  nestedHost(parent: StackRecord): NestedStackHost;
  /** True once the cloud is closing: the operation stops without writing more state. */
  abandoned(): boolean;
}

/** Thrown to unwind an operation when the cloud closes under it. */
export class OperationAbandoned extends Error {
  constructor() {
    super('stack operation abandoned: the local cloud is closing');
    this.name = 'OperationAbandoned';
  }
}

/** One running operation's view of its stack: writes go to SQLite at once, with events. */
export class OperationContext {
  constructor(
    readonly deps: OperationDeps,
    readonly stack: StackRecord,
  ) {}

  /** Stops the operation if the cloud is closing. */
  guard(): void {
    if (this.deps.abandoned()) throw new OperationAbandoned();
  }

  /** Persists the stack's own record (resources are written as they change: setResource, removeResource). */
  save(): void {
    this.guard();
    this.deps.store.saveStackOnly(this.stack);
  }

  /** Drops a resource gone from the stack. */
  removeResource(logicalId: string): void {
    this.guard();
    delete this.stack.resources[logicalId];
    this.deps.store.removeResource(this.stack.stackId, logicalId);
  }

  /** Moves the stack to `status`, with a stack event. */
  setStackStatus(status: StackStatus, reason?: string): void {
    this.guard();
    this.stack.status = status;
    this.stack.statusReason = reason;
    this.deps.store.saveStackOnly(this.stack);
    this.deps.events.stack(this.stack, status, reason);
  }

  /** Records a resource's new state (merged over what is known) and its event. */
  setResource(
    logicalId: string,
    type: string,
    status: ResourceStatus,
    patch: Partial<ResourceRecord> = {},
    reason?: string,
    eventStatus: string = status,
  ): ResourceRecord {
    this.guard();
    const previous = this.stack.resources[logicalId];
    const record: ResourceRecord = {
      logicalId,
      type,
      properties: {},
      attributes: {},
      ...previous,
      ...patch,
      status,
      statusReason: reason,
      timestamp: this.deps.now().toISOString(),
    };
    this.stack.resources[logicalId] = record;
    this.deps.store.saveResource(this.stack.stackId, record);
    this.deps.events.resource(this.stack, record, eventStatus, reason);
    return record;
  }

  /** An event only, for a resource whose record does not change (or is gone). */
  resourceEvent(
    resource: { logicalId: string; type: string; physicalId?: string },
    status: string,
    reason?: string,
  ): void {
    this.guard();
    this.deps.events.resource(this.stack, resource, status, reason);
  }

  /** What a provider gets for `logicalId`. */
  providerContext(logicalId: string): ProviderContext {
    return {
      region: this.deps.region,
      accountId: this.deps.accountId,
      stackName: this.stack.stackName,
      stackId: this.stack.stackId,
      logicalId,
      clients: this.deps.clients,
      nested: this.deps.nestedHost(this.stack),
    };
  }

  /** Pseudo parameters of this stack. */
  pseudo(): PseudoParameters {
    return {
      region: this.deps.region,
      accountId: this.deps.accountId,
      stackName: this.stack.stackName,
      stackId: this.stack.stackId,
      notificationArns: this.stack.notificationArns,
    };
  }
}

/** A failure's message as a resource status reason. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
