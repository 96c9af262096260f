export { createCloudFormationPlugin, type CloudFormationPluginOptions } from './cloudformation-plugin.ts';
export { INTERRUPTED_REASON } from './engine.ts';
export type {
  ResourceProvider,
  ProviderContext,
  ProvisionResult,
  DeployedResource,
  RequiresRecreation,
} from './providers/provider.ts';
export { defaultProviders } from './providers/registry.ts';
export { parseTemplateUrl } from './template-url.ts';
