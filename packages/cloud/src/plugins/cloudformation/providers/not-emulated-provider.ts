import type { ResourceProvider, RequiresRecreation } from './provider.ts';
import type { SpecResource } from './resource-spec.ts';
import { seedsOf, specIdentity } from './spec-identity.ts';

/** The status reason of a resource the local cloud records but does not run. */
export const NOT_EMULATED_REASON = 'Not emulated by the local cloud: recorded with the identifiers AWS would give it';

/** The status reason of a custom resource, whose handler the local cloud cannot call yet. */
export const CUSTOM_RESOURCE_REASON =
  'Not emulated by the local cloud: custom resources need local invoke of their ServiceToken function; recorded without running it';

/** The status reason of the API Gateway resources whose routes the cloud's execute-api service answers. */
export const ROUTED_API_REASON =
  "Served by the local cloud's API routes (Lambda proxy and mock integrations, Lambda authorizers): recorded with the identifiers AWS would give it";

/** The API Gateway types the execute-api service builds routes from. */
const ROUTED_API_TYPES: ReadonlySet<string> = new Set([
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Authorizer',
]);

/** True for the types CloudFormation runs through a custom resource handler. */
export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** A provider that marks resources it makes as not emulated (the engine words their events so). */
export interface NotEmulatedProvider extends ResourceProvider {
  readonly notEmulatedReason: string;
}

/** True when `provider` records resources without running them. */
export function isNotEmulated(provider: ResourceProvider | undefined): provider is NotEmulatedProvider {
  return provider !== undefined && 'notEmulatedReason' in provider;
}

/**
 * A provider for a type the local cloud does not run, driven by its specification: the
 * physical id, Ref and GetAtt values of the real form, replacement when a create-only
 * property changes, and nothing to delete.
 */
export function notEmulatedProvider(resource: SpecResource, type = resource.cloudFormationType): NotEmulatedProvider {
  const custom = isCustomResourceType(type);
  return {
    type,
    notEmulatedReason: custom
      ? CUSTOM_RESOURCE_REASON
      : ROUTED_API_TYPES.has(type)
        ? ROUTED_API_REASON
        : NOT_EMULATED_REASON,
    // A custom resource's attributes are whatever its handler returns: any name passes the template check.
    attributeNames: custom ? ['*'] : Object.keys(resource.attributes),
    requiresRecreation(property): RequiresRecreation {
      if (custom) return property === 'ServiceToken' ? 'Always' : 'Never';
      const replacement = resource.properties[property]?.causesReplacement;
      return replacement === 'yes' ? 'Always' : replacement === 'maybe' ? 'Conditionally' : 'Never';
    },
    async create(ctx, properties) {
      return specIdentity(resource, ctx, properties, seedsOf(resource, ctx));
    },
    async update(ctx, current, properties) {
      const result = specIdentity(resource, ctx, properties, seedsOf(resource, ctx, current.attributes));
      return { ...result, physicalId: current.physicalId };
    },
    async delete() {
      // Nothing was made outside the stack's own records.
    },
  };
}
