/**
 * AWS managed policies whose ARN has a path, for the names a Lambda template commonly uses: the
 * built-in stand-in for IAM's full list, which samtranslator bundles and this package does not.
 */
const POLICY_PATHS: ReadonlyMap<string, string> = new Map([
  ['AWSLambdaBasicExecutionRole', 'service-role/'],
  ['AWSLambdaBasicDurableExecutionRolePolicy', 'service-role/'],
  ['AWSLambdaDynamoDBExecutionRole', 'service-role/'],
  ['AWSLambdaENIManagementAccess', 'service-role/'],
  ['AWSLambdaKinesisExecutionRole', 'service-role/'],
  ['AWSLambdaMSKExecutionRole', 'service-role/'],
  ['AWSLambdaRole', 'service-role/'],
  ['AWSLambdaSQSQueueExecutionRole', 'service-role/'],
  ['AWSLambdaVPCAccessExecutionRole', 'service-role/'],
  ['AWSCodeDeployRoleForLambda', 'service-role/'],
  ['AWSCodeDeployRoleForLambdaLimited', 'service-role/'],
  ['AmazonAPIGatewayPushToCloudWatchLogs', 'service-role/'],
  ['AmazonS3ObjectLambdaExecutionRolePolicy', 'service-role/'],
  ['AWSAppSyncPushToCloudWatchLogs', 'service-role/'],
  ['AWSIoTRuleActions', 'service-role/'],
  ['AWSConfigRulesExecutionRole', 'service-role/'],
  ['Billing', 'job-function/'],
  ['DataScientist', 'job-function/'],
  ['DatabaseAdministrator', 'job-function/'],
  ['NetworkAdministrator', 'job-function/'],
  ['SupportUser', 'job-function/'],
  ['SystemAdministrator', 'job-function/'],
  ['ViewOnlyAccess', 'job-function/'],
]);

/** The ARN of an AWS managed policy given its name (with its IAM path when the built-in table knows it). */
export function awsManagedPolicyArn(name: string, partition: string): string {
  return `arn:${partition}:iam::aws:policy/${POLICY_PATHS.get(name) ?? ''}${name}`;
}

/** Where a `Policies` name finds its ARN (the transform options `managedPolicyArns` and `awsManagedPolicies`). */
export interface ManagedPolicyLookup {
  /** The caller's names, consulted first. */
  callerMap: ReadonlyMap<string, string>;
  /** AWS's managed policies of the partition by name, as samtranslator bundles them; undefined: the built-in table. */
  awsManaged: ReadonlyMap<string, string> | undefined;
}

/** The lookup the transform options describe; names are read from own properties only. */
export function managedPolicyLookup(
  callerMap: Readonly<Record<string, string>> | undefined,
  awsManaged: Readonly<Record<string, string>> | undefined,
): ManagedPolicyLookup {
  return {
    callerMap: new Map(Object.entries(callerMap ?? {})),
    awsManaged: awsManaged === undefined ? undefined : new Map(Object.entries(awsManaged)),
  };
}

/**
 * What a `Policies` string becomes in `ManagedPolicyArns`, in samtranslator's order: the caller's
 * map, AWS's list, an ARN as is. A name AWS's list lacks stays as written, as samtranslator keeps
 * it; without that list, the built-in table is partial, so the name becomes the path-less ARN of
 * the AWS managed policy it most likely is.
 */
export function managedPolicyArn(name: string, partition: string, lookup: ManagedPolicyLookup): string {
  // samtranslator skips an empty ARN in a map as it skips a missing one.
  const mapped = lookup.callerMap.get(name) || lookup.awsManaged?.get(name);
  if (mapped) return mapped;
  if (name.startsWith('arn:')) return name;
  return lookup.awsManaged === undefined ? awsManagedPolicyArn(name, partition) : name;
}
