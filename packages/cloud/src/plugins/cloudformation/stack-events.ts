import { randomUUID } from 'node:crypto';
import type { ResourceStatus, StackRecord, StackStatus } from './model.ts';
import type { StackStore } from './stack-store.ts';

/** Writes stack events with CloudFormation's ids and fields. */
export class StackEvents {
  constructor(
    private readonly store: StackStore,
    private readonly now: () => Date,
  ) {}

  /** An event about the stack itself (LogicalResourceId = stack name). */
  stack(stack: StackRecord, status: StackStatus, reason?: string): void {
    this.store.addEvent({
      eventId: randomUUID(),
      stackId: stack.stackId,
      stackName: stack.stackName,
      logicalResourceId: stack.stackName,
      physicalResourceId: stack.stackId,
      resourceType: 'AWS::CloudFormation::Stack',
      timestamp: this.now().toISOString(),
      resourceStatus: status,
      resourceStatusReason: reason,
    });
  }

  /** An event about one resource; its id is `Logical-STATUS-time` as CloudFormation makes them. */
  resource(
    stack: StackRecord,
    resource: { logicalId: string; type: string; physicalId?: string },
    status: ResourceStatus | string,
    reason?: string,
    properties?: unknown,
  ): void {
    const timestamp = this.now().toISOString();
    this.store.addEvent({
      eventId: `${resource.logicalId}-${status}-${timestamp}`,
      stackId: stack.stackId,
      stackName: stack.stackName,
      logicalResourceId: resource.logicalId,
      physicalResourceId: resource.physicalId ?? '',
      resourceType: resource.type,
      timestamp,
      resourceStatus: status,
      resourceStatusReason: reason,
      resourceProperties: properties === undefined ? undefined : JSON.stringify(properties),
    });
  }
}
