import { findDependencies } from '@toolkit/intrinsics';
import { parameterDeclarations } from './parameters.ts';

/** One resource of a processed template, as the engine reads it. */
export interface ResourceDefinition {
  logicalId: string;
  type: string;
  /** Properties with intrinsics unresolved. */
  properties: Record<string, unknown>;
  /** Resources this one waits for: DependsOn plus everything it references. */
  dependsOn: ReadonlySet<string>;
  condition?: string;
  deletionPolicy?: string;
  updateReplacePolicy?: string;
  metadata?: unknown;
}

/**
 * Definitions already read, by the resource's body object and the template's parameter names.
 * A memo of a pure function keyed by identity (it keeps nothing alive): one operation reads the
 * same template's definitions several times (checks, plan, forward pass, cleanup), and each read
 * walks every resource for its references — in a 400-resource stack, most of a redeploy's work.
 */
const definitionsByBody = new WeakMap<object, { parameters: string; definition: ResourceDefinition }>();

/** Every resource the processed template declares, in declaration order (conditions not yet applied). */
export function resourceDefinitions(template: Record<string, unknown>): ResourceDefinition[] {
  const resources = (template.Resources ?? {}) as Record<string, Record<string, unknown>>;
  const parameterNames = Object.keys(parameterDeclarations(template));
  const parameters = parameterNames.join('\n');
  return Object.entries(resources).map(([logicalId, body]) => {
    const known = definitionsByBody.get(body);
    if (known?.parameters === parameters && known.definition.logicalId === logicalId) return known.definition;
    const definition = readDefinition(logicalId, body, parameterNames);
    definitionsByBody.set(body, { parameters, definition });
    return definition;
  });
}

function readDefinition(
  logicalId: string,
  body: Record<string, unknown>,
  parameterNames: string[],
): ResourceDefinition {
  const properties = body.Properties;
  return {
    logicalId,
    type: String(body.Type),
    properties:
      properties && typeof properties === 'object' && !Array.isArray(properties)
        ? (properties as Record<string, unknown>)
        : {},
    dependsOn: findDependencies(body, parameterNames),
    condition: typeof body.Condition === 'string' ? body.Condition : undefined,
    deletionPolicy: typeof body.DeletionPolicy === 'string' ? body.DeletionPolicy : undefined,
    updateReplacePolicy: typeof body.UpdateReplacePolicy === 'string' ? body.UpdateReplacePolicy : undefined,
    metadata: body.Metadata,
  };
}

/** Resource types the template uses that have no provider, sorted and unique. */
export function unsupportedTypes(template: Record<string, unknown>, supported: ReadonlyMap<string, unknown>): string[] {
  const types = new Set(resourceDefinitions(template).map((resource) => resource.type));
  return [...types].filter((type) => !supported.has(type)).sort();
}

/** Dependencies as a plain map over the given resources only, for the graph builder. */
export function dependencyMap(definitions: readonly ResourceDefinition[]): Record<string, ReadonlySet<string>> {
  return Object.fromEntries(definitions.map((definition) => [definition.logicalId, definition.dependsOn]));
}
