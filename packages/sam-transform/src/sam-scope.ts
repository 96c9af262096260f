import type { SourceScalarTypes } from '@toolkit/template';
import type { DeploymentPreference } from './sam-deployment-preference.ts';
import type { SamFeatureToggle } from './sam-feature-toggles.ts';
import type { ManagedPolicyLookup } from './sam-managed-policies.ts';
import type { ServerlessApplications } from './serverless-app-repository.ts';

/** What every SAM resource transform can read and report into. */
export interface SamScope {
  /** Parameter values for samtranslator-style `Ref`/`${}` inlining (defaults, given values, Region, Partition). */
  parameters: Readonly<Record<string, unknown>>;
  partition: string;
  /** Where `Policies` names find their ARNs. */
  managedPolicies: ManagedPolicyLookup;
  /** samtranslator's feature toggles that are on. */
  featureToggles: ReadonlySet<SamFeatureToggle>;
  /** The template's `Mappings` (samtranslator resolves FindInMap in a few properties). */
  mappings: Readonly<Record<string, unknown>>;
  /** The input template's resources, after Globals were merged. */
  resources: Readonly<Record<string, unknown>>;
  /** What the template's source wrote that plain data loses, when the caller knows it. */
  sourceTypes: SourceScalarTypes | undefined;
  /** The output template's resources as transformed so far (connectors, which run last, read and amend them). */
  output: Record<string, unknown>;
  /** The output template's `Conditions` section, edited in place, or undefined when the template has none. */
  conditions(): Record<string, unknown> | undefined;
  /** Adds a condition to the output template's `Conditions`. */
  addCondition(name: string, definition: unknown): void;
  /** Functions' DeploymentPreferences, from which the shared CodeDeploy resources are made at the end. */
  deploymentPreferences: Map<string, DeploymentPreference>;
  /** Route53 `RecordSetGroup<hash>` resources by id, which custom domains in the same hosted zone share. */
  recordSetGroups: Map<string, Record<string, unknown>>;
  /** What the Serverless Application Repository answered for the template's applications. */
  applications: ServerlessApplications;
  /** What samtranslator shares between the Apis of one template (the shared usage plan). */
  apiShared?: Map<string, unknown>;
  /** Records something of the template that the local cloud will not run. */
  notEmulated(message: string): void;
}

/** The CloudFormation resources one SAM resource becomes. */
export interface SamExpansion {
  resources: Record<string, Record<string, unknown>>;
  /** Set when the SAM resource's own logical id changes (layers): references are rewritten to it. */
  newLogicalId?: string;
  /** `Ref: Fn.Alias`-style properties: property name → generated logical id. */
  referableProperties?: Record<string, string>;
}

/** `Condition`, `DeletionPolicy`, `UpdateReplacePolicy` of a SAM resource, which its generated resources inherit. */
export function passthroughAttributes(resource: Record<string, unknown>): Record<string, unknown> {
  return pickAttributes(resource, ['Condition', 'DeletionPolicy', 'UpdateReplacePolicy']);
}

/** The resource attributes samtranslator keeps on the main generated resource. */
export function supportedAttributes(resource: Record<string, unknown>): Record<string, unknown> {
  return pickAttributes(resource, ['DeletionPolicy', 'UpdatePolicy', 'Condition', 'UpdateReplacePolicy', 'Metadata']);
}

function pickAttributes(resource: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of names) if (name in resource) result[name] = resource[name];
  return result;
}

/** Python's "is not None": JSON null and a missing key both count as absent. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Copies the set values of `source` into a new object, leaving out absent ones. */
export function definedProperties(source: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => isSet(value)));
}
