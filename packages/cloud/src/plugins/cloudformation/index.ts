export {
  createCloudFormationPlugin,
  type CloudFormationPlugin,
  type CloudFormationPluginOptions,
} from './cloudformation-plugin.ts';
export type { DeployedStackResource } from './deployed-resources.ts';
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
