import type { AwsClients } from './aws-clients.ts';

/** How a property change is applied, in DescribeChangeSet's words. */
export type RequiresRecreation = 'Never' | 'Conditionally' | 'Always';

/** A deployed resource as a provider sees it. */
export interface DeployedResource {
  physicalId: string;
  properties: Record<string, unknown>;
  attributes: Record<string, unknown>;
}

/** The attribute that marks a resource whose values outputs must not show (a custom resource's `NoEcho` answer). */
export const NO_ECHO_ATTRIBUTE = '#noEcho';

/** What create/update hand back: the physical id and the values Ref/GetAtt will read. */
export interface ProvisionResult {
  physicalId: string;
  /** GetAtt values by attribute name; the key `Ref` overrides what Ref returns (default: the physical id). */
  attributes: Record<string, unknown>;
  /** Set when this resource was recorded without being run (its `*_COMPLETE` reason says why). */
  notEmulatedReason?: string;
}

/** What a nested stack provider asks of the engine that runs it. */
export interface NestedStackHost {
  /** Creates the child stack and waits; rejects with CloudFormation's "Embedded stack … was not successfully created" reason. */
  createChild(request: NestedStackRequest): Promise<ProvisionResult>;
  /** Updates the child stack in place and waits; "No updates" is success. */
  updateChild(stackId: string, request: NestedStackRequest): Promise<ProvisionResult>;
  /** Deletes the child stack and waits. */
  deleteChild(stackId: string): Promise<void>;
}

/** The child stack a parent asks for. */
export interface NestedStackRequest {
  logicalId: string;
  templateUrl: string;
  parameters: Record<string, string>;
  timeoutInMinutes?: number;
  tags: { Key: string; Value: string }[];
}

/** Everything a provider may use while it works on one resource. */
export interface ProviderContext {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly logicalId: string;
  readonly clients: AwsClients;
  readonly nested: NestedStackHost;
}

/** Create/update/delete for one resource type, and how its properties change. */
export interface ResourceProvider {
  readonly type: string;
  /** GetAtt attribute names this type answers (`Outputs.` prefix allowed for nested stacks). */
  readonly attributeNames: readonly string[];
  /** How a change to `property` is applied; unknown properties are answered by the provider too. */
  requiresRecreation(property: string): RequiresRecreation;
  /** True if a `Conditionally` property change replaces the resource, given old and new values. */
  replacesOnConditional?(property: string, before: unknown, after: unknown): boolean;
  create(ctx: ProviderContext, properties: Record<string, unknown>): Promise<ProvisionResult>;
  /** In-place update; absent when every property change replaces the resource. */
  update?(
    ctx: ProviderContext,
    current: DeployedResource,
    properties: Record<string, unknown>,
  ): Promise<ProvisionResult>;
  delete(ctx: ProviderContext, current: DeployedResource): Promise<void>;
}

/** A `requiresRecreation` that answers `Always` for the named properties and `Never` for the rest. */
export function replacedBy(...properties: string[]): (property: string) => RequiresRecreation {
  const always = new Set(properties);
  return (property) => (always.has(property) ? 'Always' : 'Never');
}
