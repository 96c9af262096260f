import { MAX_NESTED_STACK_DEPTH } from '@toolkit/template';
import { prepareDeployment, type DeploymentRequest } from './deployment-preparation.ts';
import type { CloudFormationEngine } from './engine.ts';
import { randomChars } from './ids.ts';
import type { StackRecord } from './model.ts';
import { ResourceHandlerError } from './providers/handler-error.ts';
import type { NestedStackHost, NestedStackRequest, ProvisionResult } from './providers/provider.ts';

/** A child's outputs as the parent reads them: GetAtt `Outputs.NAME`. */
function outputsOf(child: StackRecord): ProvisionResult {
  const attributes: Record<string, unknown> = {};
  for (const output of child.outputs) attributes[`Outputs.${output.key}`] = output.value;
  return { physicalId: child.stackId, attributes };
}

/** Nested stacks of one parent: child stacks created, updated and deleted through the engine, awaited. */
export class NestedStacks implements NestedStackHost {
  constructor(
    private readonly engine: CloudFormationEngine,
    private readonly parent: StackRecord,
  ) {}

  private request(stackName: string, stackId: string, child: NestedStackRequest): DeploymentRequest {
    return {
      stackName,
      stackId,
      templateUrl: child.templateUrl,
      parameters: Object.entries(child.parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      // A child inherits the capabilities the parent acknowledged.
      capabilities: this.parent.capabilities,
      tags: child.tags.length > 0 ? child.tags : this.parent.tags,
      notificationArns: this.parent.notificationArns,
      disableRollback: this.parent.disableRollback,
      timeoutInMinutes: child.timeoutInMinutes,
    };
  }

  private async prepare(request: DeploymentRequest, existing: StackRecord | undefined) {
    try {
      return await prepareDeployment(this.engine.preparationDeps(), request, existing, false);
    } catch (error) {
      throw new ResourceHandlerError(error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Creates `parent-Logical-XXXXXXXXXXXX` and waits for it. Refused beyond
   * MAX_NESTED_STACK_DEPTH levels (a template that nests itself would recurse
   * forever) and beyond the stack quota.
   */
  async createChild(child: NestedStackRequest): Promise<ProvisionResult> {
    const chain = this.ancestry();
    if (chain.length > MAX_NESTED_STACK_DEPTH) {
      throw new ResourceHandlerError(
        `Nested stacks go deeper than ${MAX_NESTED_STACK_DEPTH} levels: ${chain.join(' -> ')} -> ${child.logicalId} (${child.templateUrl})`,
      );
    }
    const release = this.engine.reserveStack();
    if (!release) throw new ResourceHandlerError('Limit for stack has been exceeded');
    const name = `${this.parent.stackName}-${child.logicalId}`.slice(0, 115) + `-${randomChars(12)}`;
    const stack = this.engine.newStack(name, 'CREATE_IN_PROGRESS');
    stack.parentId = this.parent.stackId;
    stack.rootId = this.parent.rootId ?? this.parent.stackId;
    let created: Promise<void>;
    try {
      const prepared = await this.prepare(this.request(name, stack.stackId, child), undefined);
      // startCreate saves the stack before it returns: from here it counts as live.
      created = this.engine.startCreate(stack, prepared.target);
    } finally {
      release();
    }
    await created;
    const done = this.engine.store.find(stack.stackId);
    if (done?.status !== 'CREATE_COMPLETE') {
      // The parent's rollback will not see a physical id for this resource: delete the
      // rolled-back child here, as AWS's rollback does, so it neither lingers nor holds a place under the quota.
      if (done?.status === 'ROLLBACK_COMPLETE' || done?.status === 'CREATE_FAILED')
        await this.deleteChild(stack.stackId).catch(() => undefined);
      throw new ResourceHandlerError(
        `Embedded stack ${stack.stackId} was not successfully created: ${done?.statusReason ?? 'unknown reason'}`,
      );
    }
    return outputsOf(done);
  }

  /** The stack names from the root down to this parent: its length is the new child's depth. */
  private ancestry(): string[] {
    const names: string[] = [];
    let stack: StackRecord | undefined = this.parent;
    while (stack !== undefined && names.length <= MAX_NESTED_STACK_DEPTH) {
      names.unshift(stack.stackName);
      stack = stack.parentId === undefined ? undefined : this.engine.store.find(stack.parentId);
    }
    return names;
  }

  /** Updates the child in place and waits; no changes is success. */
  async updateChild(stackId: string, child: NestedStackRequest): Promise<ProvisionResult> {
    const stack = this.engine.store.find(stackId);
    if (!stack) throw new ResourceHandlerError(`Stack with id ${stackId} does not exist`);
    const prepared = await this.prepare(this.request(stack.stackName, stackId, child), stack);
    const sameParameters = JSON.stringify(prepared.target.parameters) === JSON.stringify(stack.parameters);
    const sameOutputs =
      JSON.stringify(prepared.target.processedTemplate.Outputs) === JSON.stringify(stack.processedTemplate.Outputs);
    if (prepared.changes.length === 0 && sameParameters && sameOutputs) return outputsOf(stack);
    await this.engine.startUpdate(stack, prepared.target);
    const done = this.engine.store.find(stackId);
    if (done?.status !== 'UPDATE_COMPLETE') {
      throw new ResourceHandlerError(
        `Embedded stack ${stackId} was not successfully updated. Currently in ${done?.status ?? 'UNKNOWN'} with reason: ${done?.statusReason ?? ''}`,
      );
    }
    return outputsOf(done);
  }

  /** Deletes the child and waits. */
  async deleteChild(stackId: string): Promise<void> {
    const stack = this.engine.store.find(stackId);
    if (!stack || stack.status === 'DELETE_COMPLETE') return;
    await this.engine.startDelete(stack);
    const done = this.engine.store.find(stackId);
    if (done && done.status !== 'DELETE_COMPLETE') {
      throw new ResourceHandlerError(
        `Embedded stack ${stackId} was not successfully deleted: ${done.statusReason ?? ''}`,
      );
    }
  }
}
