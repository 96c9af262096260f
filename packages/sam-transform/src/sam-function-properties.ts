import { FUNCTION_PROPERTY_TYPES } from './sam-function-property-types.ts';
import { checkPropertyTypes } from './sam-property-types.ts';
import { samExpect } from './sam-expect.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { validateTenancy } from './sam-function-tenancy.ts';
import { isSet } from './sam-scope.ts';

/** Every property `AWS::Serverless::Function` accepts (samtranslator 1.110). */
export const FUNCTION_PROPERTIES = new Set([
  'FunctionName',
  'Handler',
  'Runtime',
  'CodeUri',
  'ImageUri',
  'PackageType',
  'InlineCode',
  'DeadLetterQueue',
  'Description',
  'MemorySize',
  'Timeout',
  'VpcConfig',
  'Role',
  'AssumeRolePolicyDocument',
  'Policies',
  'RolePath',
  'PermissionsBoundary',
  'Environment',
  'Events',
  'Tags',
  'PropagateTags',
  'Tracing',
  'KmsKeyArn',
  'DeploymentPreference',
  'ReservedConcurrentExecutions',
  'Layers',
  'EventInvokeConfig',
  'EphemeralStorage',
  'AutoPublishAlias',
  'AutoPublishCodeSha256',
  'AutoPublishAliasAllProperties',
  'VersionDescription',
  'ProvisionedConcurrencyConfig',
  'FileSystemConfigs',
  'ImageConfig',
  'CodeSigningConfigArn',
  'Architectures',
  'SnapStart',
  'FunctionUrlConfig',
  'RuntimeManagementConfig',
  'LoggingConfig',
  'RecursiveLoop',
  'SourceKMSKeyArn',
  'CapacityProviderConfig',
  'FunctionScalingConfig',
  'VersionDeletionPolicy',
  'PublishToLatestPublished',
  'TenancyConfig',
  'DurableConfig',
]);

/** Function properties whose extra resources this transform does not generate. */
export const NOT_EMULATED_FUNCTION_PROPERTIES: readonly string[] = [];

const DLQ_TYPES = ['SQS', 'SNS'];

/** samtranslator's checks that run before a function is transformed. */
export function validateFunctionProperties(logicalId: string, p: Record<string, unknown>, resourceType: string): void {
  checkPropertyTypes(logicalId, resourceType, p, FUNCTION_PROPERTY_TYPES);
  const messages: string[] = [];
  const exclusive = (a: string, b: string) => {
    if (isSet(p[a]) && isSet(p[b])) messages.push(`Cannot specify '${a}' and '${b}' together.`);
  };
  const requires = (a: string, b: string) => {
    if (isSet(p[a]) && !isSet(p[b])) messages.push(`'${a}' requires '${b}'.`);
  };
  exclusive('CapacityProviderConfig', 'ProvisionedConcurrencyConfig');
  exclusive('CapacityProviderConfig', 'VpcConfig');
  requires('FunctionScalingConfig', 'CapacityProviderConfig');
  requires('VersionDeletionPolicy', 'AutoPublishAlias');
  if (messages.length > 0) throw new SamResourceError(logicalId, messages.join('\n'));

  const dlq = p['DeadLetterQueue'];
  if (isSet(dlq)) {
    const record = dlq as Record<string, unknown>;
    if (typeof dlq !== 'object' || !record['Type'] || !record['TargetArn']) {
      throw new SamResourceError(
        logicalId,
        "'DeadLetterQueue' requires Type and TargetArn properties to be specified.",
      );
    }
    samExpect(record['Type'], logicalId, 'DeadLetterQueue.Type', 'string');
    if (!DLQ_TYPES.includes(String(record['Type']))) {
      throw new SamResourceError(logicalId, `'DeadLetterQueue' requires Type of ['SQS', 'SNS']`);
    }
  }
  validateTenancy(logicalId, p);
  if (isSet(p['ProvisionedConcurrencyConfig']) && !p['AutoPublishAlias']) {
    throw new SamResourceError(
      logicalId,
      'To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function',
    );
  }
}

/** The function's PackageType, `Zip` when absent. */
export function packageTypeOf(p: Record<string, unknown>): string {
  return isSet(p['PackageType']) ? String(p['PackageType']) : 'Zip';
}
