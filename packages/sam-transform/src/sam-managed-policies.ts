/**
 * AWS managed policies whose ARN has a path, for the names a Lambda template commonly uses.
 * samtranslator ships IAM's full list; names not here get the path-less ARN (see README of sam/).
 */
const POLICY_PATHS: Readonly<Record<string, string>> = {
  AWSLambdaBasicExecutionRole: 'service-role/',
  AWSLambdaBasicDurableExecutionRolePolicy: 'service-role/',
  AWSLambdaDynamoDBExecutionRole: 'service-role/',
  AWSLambdaENIManagementAccess: 'service-role/',
  AWSLambdaKinesisExecutionRole: 'service-role/',
  AWSLambdaMSKExecutionRole: 'service-role/',
  AWSLambdaRole: 'service-role/',
  AWSLambdaSQSQueueExecutionRole: 'service-role/',
  AWSLambdaVPCAccessExecutionRole: 'service-role/',
  AWSCodeDeployRoleForLambda: 'service-role/',
  AWSCodeDeployRoleForLambdaLimited: 'service-role/',
  AmazonS3ObjectLambdaExecutionRolePolicy: 'service-role/',
  AWSAppSyncPushToCloudWatchLogs: 'service-role/',
  AWSIoTRuleActions: 'service-role/',
  AWSConfigRulesExecutionRole: 'service-role/',
  Billing: 'job-function/',
  DataScientist: 'job-function/',
  DatabaseAdministrator: 'job-function/',
  NetworkAdministrator: 'job-function/',
  SupportUser: 'job-function/',
  SystemAdministrator: 'job-function/',
  ViewOnlyAccess: 'job-function/',
};

/** The ARN of an AWS managed policy given its name (with its IAM path when known). */
export function awsManagedPolicyArn(name: string, partition: string): string {
  return `arn:${partition}:iam::aws:policy/${POLICY_PATHS[name] ?? ''}${name}`;
}

/**
 * What a `Policies` string becomes in `ManagedPolicyArns`: from the caller's map, an ARN as is,
 * else the AWS managed policy of that name.
 */
export function managedPolicyArn(
  name: string,
  partition: string,
  callerMap: Readonly<Record<string, string>> | undefined,
): string {
  const mapped = callerMap?.[name];
  if (mapped !== undefined) return mapped;
  if (name.startsWith('arn:')) return name;
  return awsManagedPolicyArn(name, partition);
}
