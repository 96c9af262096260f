import { deleteResources } from './delete-operation.ts';
import { OperationAbandoned, reasonOf, type OperationContext } from './operation-context.ts';
import type { ForwardResult, Snapshot } from './operation-state.ts';
import { resourceDefinitions } from './resource-definitions.ts';
import { ResolutionScope } from './resolution-scope.ts';

/** After a successful update: delete replaced physical resources and resources gone from the template. */
export async function cleanupAfterUpdate(
  op: OperationContext,
  previous: Snapshot,
  result: ForwardResult,
): Promise<void> {
  for (const [logicalId, old] of result.replaced) {
    const policy = updateReplacePolicyOf(previous.processedTemplate, logicalId);
    if (policy === 'Retain') {
      op.resourceEvent(old, 'DELETE_SKIPPED');
      continue;
    }
    op.resourceEvent(old, 'DELETE_IN_PROGRESS');
    try {
      await op.deps.providers.get(old.type)?.delete(op.providerContext(logicalId), {
        physicalId: old.physicalId ?? '',
        properties: old.properties,
        attributes: old.attributes,
      });
      op.resourceEvent(old, 'DELETE_COMPLETE');
    } catch (error) {
      if (error instanceof OperationAbandoned) throw error;
      // CloudFormation does not fail an update over cleanup; the old resource is left behind.
      op.resourceEvent(old, 'DELETE_FAILED', reasonOf(error));
    }
  }
  const current = new Set(resourceDefinitionsKept(op));
  const removed = Object.keys(op.stack.resources).filter((logicalId) => !current.has(logicalId));
  await deleteResources(op, previous.processedTemplate, removed, false);
  for (const logicalId of removed) {
    if (op.stack.resources[logicalId]?.status !== 'DELETE_FAILED') op.removeResource(logicalId);
  }
  op.save();
}

function resourceDefinitionsKept(op: OperationContext): string[] {
  const scope = new ResolutionScope({
    template: op.stack.processedTemplate,
    parameters: op.stack.parameters,
    pseudo: op.pseudo(),
    providers: op.deps.providers,
    resource: () => undefined,
    importValue: () => undefined,
  });
  return scope.resources.map((resource) => resource.logicalId);
}

function updateReplacePolicyOf(template: Record<string, unknown>, logicalId: string): string | undefined {
  return resourceDefinitions(template).find((definition) => definition.logicalId === logicalId)?.updateReplacePolicy;
}
