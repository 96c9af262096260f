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
      parameters: Object.entries(child.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
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

  /** Creates `parent-Logical-XXXXXXXXXXXX` and waits for it. */
  async createChild(child: NestedStackRequest): Promise<ProvisionResult> {
    const name = `${this.parent.stackName}-${child.logicalId}`.slice(0, 115) + `-${randomChars(12)}`;
    const stack = this.engine.newStack(name, 'CREATE_IN_PROGRESS');
    stack.parentId = this.parent.stackId;
    stack.rootId = this.parent.rootId ?? this.parent.stackId;
    const prepared = await this.prepare(this.request(name, stack.stackId, child), undefined);
    await this.engine.startCreate(stack, prepared.target);
    const done = this.engine.store.find(stack.stackId);
    if (done?.status !== 'CREATE_COMPLETE') {
      throw new ResourceHandlerError(`Embedded stack ${stack.stackId} was not successfully created: ${done?.statusReason ?? 'unknown reason'}`);
    }
    return outputsOf(done);
  }

  /** Updates the child in place and waits; no changes is success. */
  async updateChild(stackId: string, child: NestedStackRequest): Promise<ProvisionResult> {
    const stack = this.engine.store.find(stackId);
    if (!stack) throw new ResourceHandlerError(`Stack with id ${stackId} does not exist`);
    const prepared = await this.prepare(this.request(stack.stackName, stackId, child), stack);
    const sameParameters = JSON.stringify(prepared.target.parameters) === JSON.stringify(stack.parameters);
    const sameOutputs = JSON.stringify(prepared.target.processedTemplate.Outputs) === JSON.stringify(stack.processedTemplate.Outputs);
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
      throw new ResourceHandlerError(`Embedded stack ${stackId} was not successfully deleted: ${done.statusReason ?? ''}`);
    }
  }
}
