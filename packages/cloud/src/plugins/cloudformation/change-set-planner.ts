import { buildGraph, topologicalOrder } from './dependency-graph.ts';
import type { ChangeDetail, ResourceChange, ResourceRecord } from './model.ts';
import type { ResourceProvider } from './providers/provider.ts';
import { dependencyMap } from './resource-definitions.ts';
import { changedProperties, replacementOf } from './resource-diff.ts';
import { hasPendingValue, pendingEntity, ResolutionScope, type ScopeInputs } from './resolution-scope.ts';

/** A deployed resource that counts as live (created and not deleted). */
export function isLive(record: ResourceRecord | undefined): record is ResourceRecord & { physicalId: string } {
  return (
    record !== undefined &&
    record.physicalId !== undefined &&
    record.status !== 'DELETE_COMPLETE' &&
    record.status !== 'CREATE_FAILED'
  );
}

/** What the planner compares: the deployed resources and the target template's inputs. */
export interface PlanInputs extends Omit<ScopeInputs, 'resource'> {
  deployed: Readonly<Record<string, ResourceRecord>>;
}

/**
 * The resource changes that deploying the target would make: Add for new resources,
 * Modify for resources whose resolved properties differ from the deployed ones, Remove
 * for resources no longer in the template. Values of resources that will be created or
 * replaced are unknown here; properties that use them are Dynamic changes.
 */
export function planChanges(inputs: PlanInputs): ResourceChange[] {
  const pending = new Set<string>();
  const scope = new ResolutionScope({
    ...inputs,
    resource: (logicalId) => {
      const record = inputs.deployed[logicalId];
      if (pending.has(logicalId) || !isLive(record)) return 'pending';
      return { physicalId: record.physicalId, attributes: record.attributes };
    },
  });
  const definitions = new Map(scope.resources.map((r) => [r.logicalId, r]));
  const order = topologicalOrder(buildGraph(dependencyMap(scope.resources)));
  const changes: ResourceChange[] = [];

  for (const logicalId of order) {
    const definition = definitions.get(logicalId);
    if (definition === undefined) continue;
    const provider = inputs.providers.get(definition.type) as ResourceProvider;
    const deployed = inputs.deployed[logicalId];
    if (!isLive(deployed)) {
      pending.add(logicalId);
      changes.push({
        action: 'Add',
        logicalResourceId: logicalId,
        resourceType: definition.type,
        scope: [],
        details: [],
      });
      continue;
    }
    let after: Record<string, unknown>;
    try {
      after = scope.properties(definition);
    } catch {
      // A function over a value not known yet (Fn::Select of a pending list): the change is dynamic.
      after = { ...deployed.properties, '{{unresolved:properties}}': true };
    }
    if (deployed.type !== definition.type) {
      pending.add(logicalId);
      changes.push(modify(deployed, definition.type, 'True', [], ['Properties']));
      continue;
    }
    const changed = changedProperties(provider, deployed.properties, after).map((change) => ({
      ...change,
      dynamic: hasPendingValue(after[change.name]),
    }));
    if (changed.length === 0) continue;
    const replacement = replacementOf(changed);
    if (replacement !== 'False') pending.add(logicalId);
    const details: ChangeDetail[] = changed.map((change) => ({
      target: { attribute: 'Properties', name: change.name, requiresRecreation: change.requiresRecreation },
      evaluation: change.dynamic ? 'Dynamic' : 'Static',
      changeSource: change.dynamic ? 'ResourceReference' : 'DirectModification',
      causingEntity: change.dynamic ? pendingEntity(after[change.name]) : undefined,
    }));
    changes.push(modify(deployed, definition.type, replacement, details, ['Properties']));
  }

  for (const [logicalId, record] of Object.entries(inputs.deployed)) {
    if (definitions.has(logicalId) || !isLive(record)) continue;
    changes.push({
      action: 'Remove',
      logicalResourceId: logicalId,
      physicalResourceId: record.physicalId,
      resourceType: record.type,
      scope: [],
      details: [],
    });
  }
  return changes;
}

function modify(
  deployed: ResourceRecord,
  type: string,
  replacement: ResourceChange['replacement'],
  details: ChangeDetail[],
  scope: string[],
): ResourceChange {
  return {
    action: 'Modify',
    logicalResourceId: deployed.logicalId,
    physicalResourceId: deployed.physicalId,
    resourceType: type,
    replacement,
    scope,
    details,
  };
}
