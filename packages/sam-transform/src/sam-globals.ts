import { applyGlobals, GLOBALS_SECTIONS } from '@toolkit/template';
import { isPlainObject } from '@toolkit/intrinsics';

/** Globals properties samtranslator accepts per section; sections not listed here are not checked. */
const SUPPORTED_GLOBAL_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  Function: [
    'Handler',
    'Runtime',
    'CodeUri',
    'DeadLetterQueue',
    'Description',
    'MemorySize',
    'Timeout',
    'VpcConfig',
    'Environment',
    'Tags',
    'PropagateTags',
    'Tracing',
    'KmsKeyArn',
    'AutoPublishAlias',
    'AutoPublishAliasAllProperties',
    'Layers',
    'DeploymentPreference',
    'RolePath',
    'PermissionsBoundary',
    'ReservedConcurrentExecutions',
    'ProvisionedConcurrencyConfig',
    'AssumeRolePolicyDocument',
    'EventInvokeConfig',
    'FileSystemConfigs',
    'CodeSigningConfigArn',
    'Architectures',
    'SnapStart',
    'EphemeralStorage',
    'FunctionUrlConfig',
    'RuntimeManagementConfig',
    'LoggingConfig',
    'RecursiveLoop',
    'SourceKMSKeyArn',
    'TenancyConfig',
    'DurableConfig',
    'CapacityProviderConfig',
    'FunctionScalingConfig',
    'PublishToLatestPublished',
    'VersionDeletionPolicy',
  ],
  LayerVersion: ['PublishLambdaVersion'],
  CapacityProvider: [
    'VpcConfig',
    'OperatorRole',
    'Tags',
    'InstanceRequirements',
    'ScalingConfig',
    'KmsKeyArn',
    'PropagateTags',
  ],
  Api: [
    'Auth',
    'Name',
    'DefinitionUri',
    'CacheClusterEnabled',
    'CacheClusterSize',
    'MergeDefinitions',
    'Variables',
    'EndpointConfiguration',
    'MethodSettings',
    'BinaryMediaTypes',
    'MinimumCompressionSize',
    'Cors',
    'GatewayResponses',
    'AccessLogSetting',
    'CanarySetting',
    'TracingEnabled',
    'OpenApiVersion',
    'Domain',
    'AlwaysDeploy',
    'PropagateTags',
    'SecurityPolicy',
    'EndpointAccessMode',
  ],
};

const pythonList = (items: readonly string[]) => `[${items.map((item) => `'${item}'`).join(', ')}]`;

/** Problems samtranslator reports for a Globals section, in its words. */
export function globalsErrors(template: Readonly<Record<string, unknown>>): string[] {
  if (!('Globals' in template)) return ignoreGlobalsErrors(template);
  const globals = template['Globals'];
  const invalid = (reason: string) => `'Globals' section is invalid. ${reason}`;
  if (!isPlainObject(globals)) return [invalid('It must be a non-empty dictionary')];
  const sections = Object.values(GLOBALS_SECTIONS).sort();
  const errors: string[] = [];
  for (const [section, properties] of Object.entries(globals)) {
    if (!sections.includes(section)) {
      errors.push(
        invalid(`'${section}' is not supported. Must be one of the following values - ${pythonList(sections)}`),
      );
      continue;
    }
    if (!isPlainObject(properties)) {
      errors.push(invalid('Value of ${section} must be a dictionary'));
      continue;
    }
    const supported = SUPPORTED_GLOBAL_PROPERTIES[section];
    for (const key of Object.keys(properties)) {
      if (supported !== undefined && !supported.includes(key)) {
        errors.push(
          invalid(
            `'${key}' is not a supported property of '${section}'. Must be one of the following values - ${pythonList(supported)}`,
          ),
        );
      }
    }
  }
  return errors.length > 0 ? errors : ignoreGlobalsErrors(template);
}

/** A SAM resource's `IgnoreGlobals` list may name only properties its Globals section sets. */
function ignoreGlobalsErrors(template: Readonly<Record<string, unknown>>): string[] {
  const resources = isPlainObject(template['Resources']) ? template['Resources'] : {};
  const globals = isPlainObject(template['Globals']) ? template['Globals'] : {};
  const errors: string[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || !Array.isArray(resource['IgnoreGlobals'])) continue;
    const section = GLOBALS_SECTIONS[String(resource['Type'])];
    const properties = section !== undefined && isPlainObject(globals[section]) ? globals[section] : {};
    const unknown = resource['IgnoreGlobals'].find((key) => typeof key !== 'string' || !Object.hasOwn(properties, key));
    if (unknown !== undefined)
      errors.push(
        `Resource with id [${logicalId}] is invalid. Resource ${logicalId} has invalid resource attribute 'IgnoreGlobals' on item '${String(unknown)}'.`,
      );
  }
  return errors;
}

/** The template with Globals merged into SAM resources and the section removed (the parser's merge). */
export function mergeSamGlobals(template: Record<string, unknown>): Record<string, unknown> {
  return applyGlobals(template);
}
