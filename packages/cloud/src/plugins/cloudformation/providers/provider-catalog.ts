import { isCustomResourceType, notEmulatedProvider } from './not-emulated-provider.ts';
import type { ResourceProvider } from './provider.ts';
import { loadResourceSpec, type ResourceSpec } from './resource-spec.ts';

const CUSTOM_RESOURCE_TYPE = 'AWS::CloudFormation::CustomResource';

/**
 * Providers by type: the real ones first (never shadowed), then, once the resource
 * specification is loaded, a not-emulated provider for every other type CloudFormation
 * knows. `prepare` loads the specification only when a template needs it.
 */
export class ProviderCatalog extends Map<string, ResourceProvider> {
  private spec: ResourceSpec | undefined;
  private loading: Promise<ResourceSpec> | undefined;
  private readonly fallbacks = new Map<string, ResourceProvider | undefined>();

  constructor(
    real: Iterable<ResourceProvider>,
    private readonly load: () => Promise<ResourceSpec> = loadResourceSpec,
  ) {
    super();
    for (const provider of real) super.set(provider.type, provider);
  }

  /** The real provider of `type`, else its not-emulated provider when the specification is loaded. */
  override get(type: string): ResourceProvider | undefined {
    return super.get(type) ?? this.fallback(type);
  }

  override has(type: string): boolean {
    return this.get(type) !== undefined;
  }

  /** True when a real provider serves `type`. */
  isEmulated(type: string): boolean {
    return super.has(type);
  }

  /** The loaded specification, if a template has needed it. */
  specification(): ResourceSpec | undefined {
    return this.spec;
  }

  /** Loads the specification if any of `types` has no real provider (once; later calls wait for the same load). */
  async prepare(types: Iterable<string>): Promise<void> {
    if (this.spec !== undefined) return;
    if ([...types].every((type) => super.has(type))) return;
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
