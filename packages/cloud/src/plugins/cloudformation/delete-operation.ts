import { buildGraph, reverseGraph, runGraph } from './dependency-graph.ts';
import { OperationAbandoned, reasonOf, type OperationContext } from './operation-context.ts';
import { resourceDefinitions } from './resource-definitions.ts';
import { importersOf } from './stack-exports.ts';

/**
 * Deletes the named resources of the stack in reverse dependency order (dependencies per
 * `template`), honouring `DeletionPolicy: Retain`. Resources that never got a physical
 * resource just complete. Returns the ones that failed.
 */
export async function deleteResources(
  op: OperationContext,
  template: Record<string, unknown>,
  logicalIds: readonly string[],
  rollback: boolean,
): Promise<{ failed: string[] }> {
  // An update that removes nothing reads no definitions (the old template's would all be read afresh).
  if (logicalIds.length === 0) return { failed: [] };
  const wanted = new Set(logicalIds);
  const definitions = resourceDefinitions(template);
  const policies = new Map(definitions.map((definition) => [definition.logicalId, definition.deletionPolicy]));
  const byId = new Map(definitions.map((definition) => [definition.logicalId, definition]));
  const dependencies: Record<string, ReadonlySet<string>> = {};
  for (const logicalId of logicalIds) dependencies[logicalId] = byId.get(logicalId)?.dependsOn ?? new Set();
  const failed: string[] = [];
  await runGraph(reverseGraph(buildGraph(dependencies)), op.deps.concurrency, async (logicalId) => {
    if (!wanted.has(logicalId)) return true;
    const record = op.stack.resources[logicalId];
    if (record === undefined || record.status === 'DELETE_COMPLETE' || record.status === 'DELETE_SKIPPED') return true;
    if (record.physicalId === undefined || record.physicalId === '') {
      op.setResource(logicalId, record.type, 'DELETE_COMPLETE');
      return true;
    }
    if (policies.get(logicalId) === 'Retain' && !(rollback && record.status === 'CREATE_FAILED')) {
      op.setResource(logicalId, record.type, 'DELETE_SKIPPED');
      return true;
    }
    op.setResource(logicalId, record.type, 'DELETE_IN_PROGRESS');
    try {
      await op.deps.providers.get(record.type)?.delete(op.providerContext(logicalId), {
        physicalId: record.physicalId,
        properties: record.properties,
        attributes: record.attributes,
      });
      op.setResource(logicalId, record.type, 'DELETE_COMPLETE');
      return true;
    } catch (error) {
      if (error instanceof OperationAbandoned) throw error;
      op.setResource(logicalId, record.type, 'DELETE_FAILED', {}, reasonOf(error));
      failed.push(logicalId);
      return false;
    }
  });
  op.guard();
  return { failed };
}

/** Runs DeleteStack: refuses while another stack imports one of its exports, else deletes every resource. */
export async function runDelete(op: OperationContext): Promise<void> {
  try {
    op.setStackStatus('DELETE_IN_PROGRESS', 'User Initiated');
    for (const output of op.stack.outputs) {
      if (output.exportName === undefined) continue;
      const importers = importersOf(op.deps.store, output.exportName, op.stack.stackId);
      if (importers.length > 0) {
        op.setStackStatus(
          'DELETE_FAILED',
          `Export ${output.exportName} cannot be deleted as it is in use by ${importers.join(', ')}`,
        );
        return;
      }
    }
    const { failed } = await deleteResources(op, op.stack.processedTemplate, Object.keys(op.stack.resources), false);
    if (failed.length > 0) {
      op.setStackStatus('DELETE_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
      return;
    }
    op.stack.deletionTime = op.deps.now().toISOString();
    op.setStackStatus('DELETE_COMPLETE');
    op.deps.store.deleteChangeSetsOf(op.stack.stackId);
  } catch (error) {
    if (!(error instanceof OperationAbandoned)) throw error;
  }
}
