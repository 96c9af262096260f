import {
  evaluateConditions,
  resolveIntrinsics,
  unsupportedAttributeError,
  type IntrinsicContext,
  type PseudoParameters,
} from '@toolkit/intrinsics';
import type { ParameterValue } from './model.ts';
import { parameterValuesForIntrinsics } from './parameters.ts';
import type { ResourceProvider } from './providers/provider.ts';
import { resourceDefinitions, type ResourceDefinition } from './resource-definitions.ts';

/** What a resource reference resolves against: a deployed resource, or one whose values are not known yet. */
export type ResourceValues = { physicalId: string; attributes: Record<string, unknown> } | 'pending';

/** Marks a value only known after a resource is (re)created; change sets report it as Dynamic. */
const PENDING_PREFIX = '{{unresolved:';

/** True when a resolved value still holds a not-yet-known reference. */
export function hasPendingValue(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(PENDING_PREFIX);
  if (Array.isArray(value)) return value.some(hasPendingValue);
  if (value && typeof value === 'object') return Object.values(value).some(hasPendingValue);
  return false;
}

/** The first `Logical.Attr` (or `Logical`) a pending value waits for. */
export function pendingEntity(value: unknown): string | undefined {
  const text = JSON.stringify(value) ?? '';
  const start = text.indexOf(PENDING_PREFIX);
  if (start < 0) return undefined;
  return text.slice(start + PENDING_PREFIX.length, text.indexOf('}}', start));
}

/** The inputs a stack's template is evaluated with. */
export interface ScopeInputs {
  template: Record<string, unknown>;
  parameters: readonly ParameterValue[];
  pseudo: PseudoParameters;
  providers: ReadonlyMap<string, ResourceProvider>;
  /** Values of resources by logical id; undefined when not deployed (yet). */
  resource: (logicalId: string) => ResourceValues | undefined;
  /** Exported values by name (Fn::ImportValue). */
  importValue: (name: string) => string | undefined;
}

/**
 * A template evaluated for one stack: conditions, the resources they keep, and
 * intrinsic resolution against current resource values.
 */
export class ResolutionScope {
  readonly conditions: Record<string, boolean>;
  readonly resources: ResourceDefinition[];
  /** Export names Fn::ImportValue read, so deletes can refuse while imported. */
  readonly imports = new Set<string>();
  private readonly context: IntrinsicContext;
  private readonly types: Map<string, string>;

  constructor(private readonly inputs: ScopeInputs) {
    const parameters = parameterValuesForIntrinsics(inputs.template, inputs.parameters);
    const mappings = (inputs.template.Mappings ?? {}) as Record<string, unknown>;
    this.conditions = evaluateConditions(inputs.template, { parameters, pseudoParameters: inputs.pseudo, mappings });
    this.resources = resourceDefinitions(inputs.template).filter(
      (r) => r.condition === undefined || this.conditions[r.condition] === true,
    );
    this.types = new Map(this.resources.map((r) => [r.logicalId, r.type]));
    this.context = {
      parameters,
      pseudoParameters: inputs.pseudo,
      mappings,
      conditions: this.conditions,
      ref: (logicalId) => this.refOf(logicalId),
      getAtt: (logicalId, attribute) => this.attributeOf(logicalId, attribute),
      importValue: (name) => {
        const value = inputs.importValue(name);
        if (value !== undefined) this.imports.add(name);
        return value;
      },
    };
  }

  /** Resolves every intrinsic in `value`. */
  resolve(value: unknown): unknown {
    return resolveIntrinsics(value, this.context);
  }

  /** Resolved properties of a resource definition. */
  properties(definition: ResourceDefinition): Record<string, unknown> {
    const resolved = this.resolve(definition.properties);
    return resolved && typeof resolved === 'object' ? (resolved as Record<string, unknown>) : {};
  }

  private refOf(logicalId: string): unknown {
    if (!this.types.has(logicalId)) return undefined;
    const values = this.inputs.resource(logicalId);
    if (values === undefined || values === 'pending') return `${PENDING_PREFIX}${logicalId}}}`;
    return values.attributes.Ref ?? values.physicalId;
  }

  private attributeOf(logicalId: string, attribute: string): unknown {
    const type = this.types.get(logicalId);
    if (type === undefined) return undefined;
    const provider = this.inputs.providers.get(type);
    const known =
      provider === undefined ||
      provider.attributeNames.includes(attribute) ||
      provider.attributeNames.includes('*') ||
      (attribute.startsWith('Outputs.') && provider.attributeNames.includes('Outputs.*'));
    if (!known) throw unsupportedAttributeError(logicalId, attribute);
    const values = this.inputs.resource(logicalId);
    if (values === undefined || values === 'pending') return `${PENDING_PREFIX}${logicalId}.${attribute}}}`;
    // Attribute names come from the template (any name, for custom resources): own values only.
    const value = Object.hasOwn(values.attributes, attribute) ? values.attributes[attribute] : undefined;
    if (value === undefined) throw unsupportedAttributeError(logicalId, attribute);
    return value;
  }
}
