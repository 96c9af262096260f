import { deleteResources } from './delete-operation.ts';
import { forwardPass } from './forward-pass.ts';
import type { StackRecord } from './model.ts';
import { OperationAbandoned, type OperationContext } from './operation-context.ts';
import type { DeployTarget, Snapshot } from './operation-state.ts';
import { cleanupAfterUpdate } from './update-cleanup.ts';
import { rollbackUpdate } from './update-rollback.ts';

export type { DeployTarget } from './operation-state.ts';

/** Runs a stack create (from a new or REVIEW_IN_PROGRESS stack) to CREATE_COMPLETE, or rolls it back. */
export async function runCreate(op: OperationContext, target: DeployTarget): Promise<void> {
  try {
    applyTarget(op.stack, target);
    op.setStackStatus('CREATE_IN_PROGRESS', 'User Initiated');
    reportNotEmulated(op, target);
    const result = await forwardPass(op, undefined);
    if (result.failed.length === 0 && result.stackReason === undefined) {
      op.setStackStatus('CREATE_COMPLETE');
      return;
    }
    const reason = result.stackReason ?? `The following resource(s) failed to create: [${result.failed.join(', ')}]. `;
    if (op.stack.disableRollback) {
      op.setStackStatus('CREATE_FAILED', reason);
      return;
    }
    op.setStackStatus('ROLLBACK_IN_PROGRESS', result.stackReason ?? `${reason}Rollback requested by user.`);
    op.stack.outputs = [];
    const deletion = await deleteResources(op, op.stack.processedTemplate, Object.keys(op.stack.resources), true);
    if (deletion.failed.length > 0) {
      op.setStackStatus(
        'ROLLBACK_FAILED',
        `The following resource(s) failed to delete: [${deletion.failed.join(', ')}]. `,
      );
    } else {
      op.setStackStatus('ROLLBACK_COMPLETE');
    }
  } catch (error) {
    if (!(error instanceof OperationAbandoned)) throw error;
  }
}

/** Runs a stack update to UPDATE_COMPLETE (with cleanup), or rolls it back to the previous template. */
export async function runUpdate(op: OperationContext, target: DeployTarget): Promise<void> {
  try {
    // A shallow copy is a snapshot: an operation replaces templates, lists and resource records, never changes them.
    const previous: Snapshot = {
      templateBody: op.stack.templateBody,
      processedTemplate: op.stack.processedTemplate,
      parameters: op.stack.parameters,
      outputs: op.stack.outputs,
      description: op.stack.description,
      capabilities: op.stack.capabilities,
      tags: op.stack.tags,
      notificationArns: op.stack.notificationArns,
      imports: op.stack.imports,
      resources: { ...op.stack.resources },
    };
    applyTarget(op.stack, target);
    op.stack.lastUpdatedTime = op.deps.now().toISOString();
    op.setStackStatus('UPDATE_IN_PROGRESS', 'User Initiated');
    reportNotEmulated(op, target);
    const result = await forwardPass(op, previous);
    if (result.failed.length === 0 && result.stackReason === undefined) {
      op.setStackStatus('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
      await cleanupAfterUpdate(op, previous, result);
      op.setStackStatus('UPDATE_COMPLETE');
      return;
    }
    const verb = result.failed.every((id) => result.failedCreates.includes(id)) ? 'create' : 'update';
    const reason = result.stackReason ?? `The following resource(s) failed to ${verb}: [${result.failed.join(', ')}]. `;
    if (op.stack.disableRollback) {
      op.setStackStatus('UPDATE_FAILED', reason);
      return;
    }
    op.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS', reason);
    await rollbackUpdate(op, previous, result);
  } catch (error) {
    if (!(error instanceof OperationAbandoned)) throw error;
  }
}

function applyTarget(stack: StackRecord, target: DeployTarget): void {
  stack.templateBody = target.templateBody;
  stack.processedTemplate = target.processedTemplate;
  stack.parameters = target.parameters;
  stack.capabilities = target.capabilities;
  stack.tags = target.tags;
  stack.notificationArns = target.notificationArns;
  stack.disableRollback = target.disableRollback;
  stack.roleArn = target.roleArn;
  stack.changeSetId = target.changeSetId;
  stack.timeoutInMinutes = target.timeoutInMinutes;
  stack.description =
    typeof target.processedTemplate.Description === 'string' ? target.processedTemplate.Description : undefined;
}

function reportNotEmulated(op: OperationContext, target: DeployTarget): void {
  if (target.notEmulated.length === 0) return;
  op.deps.events.stack(
    op.stack,
    op.stack.status,
    `Not emulated by the local cloud (kept in the processed template only): ${target.notEmulated.join('; ')}`,
  );
}
