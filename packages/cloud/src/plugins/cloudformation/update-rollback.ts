import { isLive } from './change-set-planner.ts';
import { deleteResources } from './delete-operation.ts';
import type { ResourceRecord } from './model.ts';
import { OperationAbandoned, reasonOf, type OperationContext } from './operation-context.ts';
import type { ForwardResult, Snapshot } from './operation-state.ts';

/**
 * Rolls an update back: old properties re-applied to resources updated in place, replaced
 * resources pointed back at their old physical resource, then (cleanup) resources the update
 * created deleted.
 */
export async function rollbackUpdate(op: OperationContext, previous: Snapshot, result: ForwardResult): Promise<void> {
  const rollbackFailures: string[] = [];
  const newPhysicals: ResourceRecord[] = [];
  for (const logicalId of [...result.updated].reverse()) {
    const old = previous.resources[logicalId];
    const now = op.stack.resources[logicalId];
    if (!old || !isLive(old) || !now) continue;
    const provider = op.deps.providers.get(old.type);
    op.setResource(logicalId, old.type, 'UPDATE_IN_PROGRESS');
    try {
      const restored = await provider?.update?.(
        op.providerContext(logicalId),
        { physicalId: old.physicalId, properties: now.properties, attributes: now.attributes },
        old.properties,
      );
      op.setResource(logicalId, old.type, 'UPDATE_COMPLETE', { ...old, ...restored, properties: old.properties });
    } catch (error) {
      if (error instanceof OperationAbandoned) throw error;
      op.setResource(logicalId, old.type, 'UPDATE_FAILED', {}, reasonOf(error));
      rollbackFailures.push(logicalId);
    }
  }
  for (const [logicalId, old] of result.replaced) {
    const now = op.stack.resources[logicalId];
    if (now?.physicalId && now.physicalId !== old.physicalId) newPhysicals.push({ ...now });
    op.setResource(logicalId, old.type, 'UPDATE_COMPLETE', { ...old });
  }
  // Replacements whose create failed have no new physical resource; restore their record too.
  for (const logicalId of result.failed) {
    const old = previous.resources[logicalId];
    if (old && isLive(old) && !result.updated.includes(logicalId) && !result.replaced.has(logicalId)) {
      op.setResource(logicalId, old.type, 'UPDATE_COMPLETE', { ...old });
    }
  }
  if (rollbackFailures.length > 0) {
    op.setStackStatus(
      'UPDATE_ROLLBACK_FAILED',
      `The following resource(s) failed to update: [${rollbackFailures.join(', ')}]. `,
    );
    return;
  }
  const attemptedTemplate = op.stack.processedTemplate;
  const { resources: _resources, ...restoredStack } = previous;
  Object.assign(op.stack, structuredClone(restoredStack));
  op.setStackStatus('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');

  for (const record of newPhysicals) {
    op.resourceEvent(record, 'DELETE_IN_PROGRESS');
    try {
      await op.deps.providers.get(record.type)?.delete(op.providerContext(record.logicalId), {
        physicalId: record.physicalId ?? '',
        properties: record.properties,
        attributes: record.attributes,
      });
      op.resourceEvent(record, 'DELETE_COMPLETE');
    } catch (error) {
      if (error instanceof OperationAbandoned) throw error;
      op.resourceEvent(record, 'DELETE_FAILED', reasonOf(error));
    }
  }
  const created = Object.keys(op.stack.resources).filter((logicalId) => !isLive(previous.resources[logicalId]));
  await deleteResources(op, attemptedTemplate, created, true);
  for (const logicalId of created) {
    if (op.stack.resources[logicalId]?.status !== 'DELETE_FAILED') op.removeResource(logicalId);
  }
  op.save();
  op.setStackStatus('UPDATE_ROLLBACK_COMPLETE');
}
