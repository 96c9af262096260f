import { isCustomResourceType, notEmulatedProvider } from './not-emulated-provider.ts';
import type { ResourceProvider } from './provider.ts';
import { loadResourceSpec, type ResourceSpec } from './resource-spec.ts';

const CUSTOM_RESOURCE_TYPE = 'AWS::CloudFormation::CustomResource';

/** Real providers for a family of type names (custom resources: `Custom::*`), one per type, made on first use. */
export interface ProviderFamily {
  matches(type: string): boolean;
  providerFor(type: string): ResourceProvider;
}

/**
 * Providers by type: the real ones first (never shadowed), then, once the resource
 * specification is loaded, a not-emulated provider for every other type CloudFormation
 * knows. `prepare` loads the specification only when a template needs it.
 */
export class ProviderCatalog extends Map<string, ResourceProvider> {
  private spec: ResourceSpec | undefined;
  private loading: Promise<ResourceSpec> | undefined;
  private readonly fallbacks = new Map<string, ResourceProvider | undefined>();
  private readonly families: ProviderFamily[] = [];
  private readonly familyMembers = new Map<string, ResourceProvider>();

  constructor(
    real: Iterable<ResourceProvider>,
    private readonly load: () => Promise<ResourceSpec> = loadResourceSpec,
  ) {
    super();
    for (const provider of real) super.set(provider.type, provider);
  }

  /** Adds real providers for every type `family` matches (checked after the providers of exact types). */
  addFamily(family: ProviderFamily): this {
    this.families.push(family);
    return this;
  }

  /** The real provider of `type`, else its not-emulated provider when the specification is loaded. */
  override get(type: string): ResourceProvider | undefined {
    return this.real(type) ?? this.fallback(type);
  }

  override has(type: string): boolean {
    return this.get(type) !== undefined;
  }

  /** True when a real provider serves `type`. */
  isEmulated(type: string): boolean {
    return this.real(type) !== undefined;
  }

  private real(type: string): ResourceProvider | undefined {
    const exact = super.get(type);
    if (exact !== undefined) return exact;
    let member = this.familyMembers.get(type);
    if (member === undefined) {
      member = this.families.find((family) => family.matches(type))?.providerFor(type);
      if (member !== undefined) this.familyMembers.set(type, member);
    }
    return member;
  }

  /** The loaded specification, if a template has needed it. */
  specification(): ResourceSpec | undefined {
    return this.spec;
  }

  /** Loads the specification if any of `types` has no real provider (once; later calls wait for the same load). */
  async prepare(types: Iterable<string>): Promise<void> {
    if (this.spec !== undefined) return;
    if ([...types].every((type) => this.isEmulated(type))) return;
    this.loading ??= this.load();
    this.spec = await this.loading;
  }

  private fallback(type: string): ResourceProvider | undefined {
    if (this.spec === undefined) return undefined;
    if (!this.fallbacks.has(type)) {
      const resource = this.spec.resource(isCustomResourceType(type) ? CUSTOM_RESOURCE_TYPE : type);
      this.fallbacks.set(type, resource ? notEmulatedProvider(resource, type) : undefined);
    }
    return this.fallbacks.get(type);
  }
}
