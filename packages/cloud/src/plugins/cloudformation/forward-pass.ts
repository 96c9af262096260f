import { isLive } from './change-set-planner.ts';
import { buildGraph, runGraph } from './dependency-graph.ts';
import type { OutputRecord } from './model.ts';
import { OperationAbandoned, reasonOf, type OperationContext } from './operation-context.ts';
import type { ForwardResult, Snapshot } from './operation-state.ts';
import { resolveOutputs } from './outputs.ts';
import { ResourceHandlerError } from './providers/handler-error.ts';
import { isNotEmulated } from './providers/not-emulated-provider.ts';
import { NO_ECHO_ATTRIBUTE } from './providers/provider.ts';
import { dependencyMap } from './resource-definitions.ts';
import { changedProperties, replacesResource } from './resource-diff.ts';
import { ResolutionScope } from './resolution-scope.ts';
import { importersOf, listExports } from './stack-exports.ts';

const REPLACEMENT_REASON = 'Requested update requires the creation of a new physical resource; hence creating one.';

/**
 * Creates, updates or replaces every resource of the stack's (new) template in dependency
 * order, at most `concurrency` at once. Unchanged resources are not touched. After the
 * first failure nothing new starts; resources still in flight finish and are marked cancelled.
 */
export async function forwardPass(op: OperationContext, previous: Snapshot | undefined): Promise<ForwardResult> {
  const result: ForwardResult = { failed: [], failedCreates: [], updated: [], replaced: new Map(), added: [] };
  const scope = new ResolutionScope({
    template: op.stack.processedTemplate,
    parameters: op.stack.parameters,
    pseudo: op.pseudo(),
    providers: op.deps.providers,
    resource: (logicalId) => {
      const record = op.stack.resources[logicalId];
      // Before its turn, a resource being replaced still answers with its old values; the
      // graph guarantees dependents run only after it, so they see the new ones.
      return isLive(record) ? { physicalId: record.physicalId, attributes: record.attributes } : undefined;
    },
    importValue: (name) => listExports(op.deps.store).get(name)?.value,
  });
  const definitions = new Map(scope.resources.map((definition) => [definition.logicalId, definition]));
  const graph = buildGraph(dependencyMap(scope.resources));
  const failing = () => result.failed.length > 0;

  await runGraph(graph, op.deps.concurrency, async (logicalId) => {
    const definition = definitions.get(logicalId);
    if (definition === undefined) return false;
    const provider = op.deps.providers.get(definition.type);
    if (provider === undefined) return false;
    const before = previous?.resources[logicalId];
    const ctx = op.providerContext(logicalId);
    const extra = { metadata: definition.metadata };
    // Resources recorded without being run say so where users look: events and DescribeStackResources.
    const doneReason = isNotEmulated(provider) ? provider.notEmulatedReason : undefined;
    let properties: Record<string, unknown>;
    try {
      properties = scope.properties(definition);
    } catch (error) {
      const status = isLive(before) ? 'UPDATE_FAILED' : 'CREATE_FAILED';
      op.setResource(logicalId, definition.type, status, {}, reasonOf(error));
      result.failed.push(logicalId);
      if (status === 'CREATE_FAILED') result.failedCreates.push(logicalId);
      return false;
    }

    if (!isLive(before)) {
      op.setResource(logicalId, definition.type, 'CREATE_IN_PROGRESS', { properties, ...extra });
      try {
        const { notEmulatedReason, ...created } = await provider.create(ctx, properties);
        op.guard();
        result.added.push(logicalId);
        if (failing()) {
          op.setResource(logicalId, definition.type, 'CREATE_FAILED', { ...created }, 'Resource creation cancelled');
          return false;
        }
        op.setResource(logicalId, definition.type, 'CREATE_IN_PROGRESS', { ...created }, 'Resource creation Initiated');
        op.setResource(logicalId, definition.type, 'CREATE_COMPLETE', { ...created }, notEmulatedReason ?? doneReason);
        return true;
      } catch (error) {
        if (error instanceof OperationAbandoned) throw error;
        // A failed create that still made something (a custom resource's FAILED response) is deleted on rollback.
        const left = error instanceof ResourceHandlerError && error.physicalId ? { physicalId: error.physicalId } : {};
        op.setResource(logicalId, definition.type, 'CREATE_FAILED', left, reasonOf(error));
        result.failed.push(logicalId);
        result.failedCreates.push(logicalId);
        return false;
      }
    }

    const changes = changedProperties(provider, before.properties, properties);
    if (changes.length === 0 && before.type === definition.type) return true;
    const replace =
      before.type !== definition.type || replacesResource(provider, changes, before.properties, properties);
    if (replace) {
      op.setResource(logicalId, definition.type, 'UPDATE_IN_PROGRESS', {}, REPLACEMENT_REASON);
      try {
        const { notEmulatedReason, ...created } = await provider.create(ctx, properties);
        op.guard();
        result.replaced.set(logicalId, before);
        if (failing()) {
          op.setResource(
            logicalId,
            definition.type,
            'UPDATE_FAILED',
            { ...created, properties, ...extra },
            'Resource update cancelled',
          );
          return false;
        }
        op.setResource(
          logicalId,
          definition.type,
          'UPDATE_IN_PROGRESS',
          { ...created, properties, ...extra },
          'Resource creation Initiated',
        );
        op.setResource(logicalId, definition.type, 'UPDATE_COMPLETE', {}, notEmulatedReason ?? doneReason);
        return true;
      } catch (error) {
        if (error instanceof OperationAbandoned) throw error;
        op.setResource(logicalId, definition.type, 'UPDATE_FAILED', {}, reasonOf(error));
        result.failed.push(logicalId);
        return false;
      }
    }

    op.setResource(logicalId, definition.type, 'UPDATE_IN_PROGRESS');
    result.updated.push(logicalId);
    try {
      const { notEmulatedReason, ...updated } = await (provider.update as NonNullable<typeof provider.update>)(
        ctx,
        { physicalId: before.physicalId, properties: before.properties, attributes: before.attributes },
        properties,
      );
      op.guard();
      if (updated.physicalId !== before.physicalId) {
        // A new physical id from an update (a custom resource's answer) is a replacement: the old one goes in cleanup.
        result.updated.splice(result.updated.indexOf(logicalId), 1);
        result.replaced.set(logicalId, before);
      }
      const patch = { ...updated, properties, ...extra };
      if (failing()) {
        op.setResource(logicalId, definition.type, 'UPDATE_FAILED', patch, 'Resource update cancelled');
        return false;
      }
      op.setResource(logicalId, definition.type, 'UPDATE_COMPLETE', patch, notEmulatedReason ?? doneReason);
      return true;
    } catch (error) {
      if (error instanceof OperationAbandoned) throw error;
      // A handler that ran and failed (a custom resource's FAILED answer) may have applied part of the
      // update: rollback re-applies the previous properties over the attempted ones.
      const ran = error instanceof ResourceHandlerError && error.physicalId ? { properties } : {};
      op.setResource(logicalId, definition.type, 'UPDATE_FAILED', ran, reasonOf(error));
      result.failed.push(logicalId);
      return false;
    }
  });
  op.guard();
  if (result.failed.length > 0) return result;
  const outputs = resolveStackOutputs(op, scope);
  if (typeof outputs === 'string') {
    result.stackReason = outputs;
    return result;
  }
  op.stack.outputs = outputs;
  op.stack.imports = [...scope.imports].sort();
  op.save();
  return result;
}

/** Outputs and export checks; a string is the reason the stack fails. */
function resolveStackOutputs(op: OperationContext, scope: ResolutionScope): OutputRecord[] | string {
  let outputs: OutputRecord[];
  try {
    const masked = Object.values(op.stack.resources).filter((r) => r.attributes[NO_ECHO_ATTRIBUTE] === true);
    outputs = resolveOutputs(op.stack.processedTemplate, scope, new Set(masked.map((r) => r.logicalId)));
  } catch (error) {
    return reasonOf(error);
  }
  const exports = listExports(op.deps.store);
  for (const output of outputs) {
    if (output.exportName === undefined) continue;
    const owner = exports.get(output.exportName);
    if (owner && owner.stackId !== op.stack.stackId)
      return `Export with name ${output.exportName} is already exported by stack ${owner.stackName}`;
    if (owner && owner.value !== output.value) {
      const importers = importersOf(op.deps.store, output.exportName, op.stack.stackId);
      if (importers.length > 0)
        return `Export ${output.exportName} cannot be updated as it is in use by ${importers.join(', ')}`;
    }
  }
  for (const old of op.stack.outputs) {
    if (old.exportName === undefined || outputs.some((output) => output.exportName === old.exportName)) continue;
    const importers = importersOf(op.deps.store, old.exportName, op.stack.stackId);
    if (importers.length > 0)
      return `Export ${old.exportName} cannot be deleted as it is in use by ${importers.join(', ')}`;
  }
  return outputs;
}
