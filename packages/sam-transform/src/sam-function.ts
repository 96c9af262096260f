import { isPlainObject } from '@toolkit/intrinsics';
import { buildExecutionRole } from './sam-execution-role.ts';
import { functionCode, validatePackageType } from './sam-function-code.ts';
import { NOT_EMULATED_FUNCTION_PROPERTIES, validateFunctionProperties } from './sam-function-properties.ts';
import { buildVersionAndAlias } from './sam-function-version.ts';
import { buildFunctionUrl } from './sam-function-url.ts';
import { buildEventInvokeConfig } from './sam-event-invoke-config.ts';
import { functionDeploymentPreference } from './sam-deployment-preference.ts';
import { checkEventsAreMaps, transformFunctionEvents } from './sam-function-events.ts';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { checkApiEventLinks } from './event-api.ts';
import { SamResourceError } from './sam-resource-error.ts';
import {
  definedProperties,
  isSet,
  passthroughAttributes,
  supportedAttributes,
  type SamExpansion,
  type SamScope,
} from './sam-scope.ts';
import { propagateTags, samTagList } from './sam-tags.ts';

/** Properties copied unchanged from the SAM function onto the Lambda function, in samtranslator's order. */
const COPIED = [
  'Handler',
  'Runtime',
  'Description',
  'MemorySize',
  'Timeout',
  'VpcConfig',
  'Role',
  'Environment',
] as const;
const COPIED_AFTER_CODE = [
  'KmsKeyArn',
  'ReservedConcurrentExecutions',
  'Layers',
  'FileSystemConfigs',
  'ImageConfig',
  'PackageType',
  'Architectures',
  'SnapStart',
  'EphemeralStorage',
] as const;
const COPIED_LAST = [
  'CodeSigningConfigArn',
  'RuntimeManagementConfig',
  'LoggingConfig',
  'TenancyConfig',
  'RecursiveLoop',
  'DurableConfig',
] as const;

/** `AWS::Serverless::Function` → `AWS::Lambda::Function`, its `<Fn>Role`, and with AutoPublishAlias a Version and an Alias. */
export function transformFunction(logicalId: string, resource: Record<string, unknown>, scope: SamScope): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  checkEventsAreMaps(logicalId, p['Events']);
  validateFunctionProperties(logicalId, p, 'AWS::Serverless::Function');
  if (isSet(p['Events']) && !isPlainObject(p['Events']))
    throw new SamResourceError(logicalId, "Type of property 'Events' is invalid.");
  checkApiEventLinks(p['Events'], scope);

  const fn = buildFunctionProperties(logicalId, p);
  const resolvedTracing = resolveParameterRefs(p['Tracing'], scope.parameters);
  if (p['Tracing'] && resolvedTracing !== 'Disabled') fn['TracingConfig'] = { Mode: p['Tracing'] };
  validatePackageType(logicalId, fn);

  const resources: Record<string, Record<string, unknown>> = {};
  const functionResource: Record<string, unknown> = {
    Type: 'AWS::Lambda::Function',
    ...supportedAttributes(resource),
    Properties: fn,
  };
  if (
    isSet(resource['DependsOn']) &&
    resource['DependsOn'] !== '' &&
    !(Array.isArray(resource['DependsOn']) && resource['DependsOn'].length === 0)
  ) {
    functionResource['DependsOn'] = resource['DependsOn'];
  }
  resources[logicalId] = functionResource;

  const referableProperties: Record<string, string> = {};
  if (p['AutoPublishAlias']) {
    const published = buildVersionAndAlias({ logicalId, resource, properties: p, fn, scope });
    Object.assign(resources, published.resources);
    referableProperties['Version'] = published.versionId;
    referableProperties['Alias'] = published.aliasId;
  }

  if (p['FunctionUrlConfig'])
    Object.assign(
      resources,
      buildFunctionUrl(logicalId, resource, p['FunctionUrlConfig'], referableProperties['Alias']),
    );

  if (isPlainObject(p['DeploymentPreference']) && Object.keys(p['DeploymentPreference']).length > 0) {
    const aliasId = referableProperties['Alias'];
    scope.deploymentPreferences.set(
      logicalId,
      functionDeploymentPreference({
        logicalId,
        properties: p,
        condition: resource['Condition'],
        alias: aliasId === undefined ? undefined : resources[aliasId],
        parameters: scope.parameters,
        mappings: scope.mappings,
        passthroughByDefault: scope.featureToggles.has('deployment_preference_condition_fix'),
      }),
    );
  }

  let eventInvokePolicies: Array<Record<string, unknown>> = [];
  if (isPlainObject(p['EventInvokeConfig']) && Object.keys(p['EventInvokeConfig']).length > 0) {
    const aliasId = referableProperties['Alias'];
    const aliasProperties = aliasId === undefined ? undefined : resources[aliasId]?.['Properties'];
    const aliasName = isPlainObject(aliasProperties) ? aliasProperties['Name'] : undefined;
    const invoke = buildEventInvokeConfig({
      logicalId,
      resource,
      config: p['EventInvokeConfig'],
      alias: aliasId === undefined ? undefined : { id: aliasId, name: aliasName },
      scope,
    });
    Object.assign(resources, invoke.resources);
    Object.assign(referableProperties, invoke.referable);
    eventInvokePolicies = invoke.policies;
  }

  const roleNotes: string[] = [];
  const role = buildExecutionRole({
    functionId: logicalId,
    attributes: passthroughAttributes(resource),
    properties: p,
    resolvedTracing,
    tags: samTagList(logicalId, p['Tags']),
    partition: scope.partition,
    managedPolicies: scope.managedPolicies,
    extraDocuments: eventInvokePolicies,
    notEmulated: (message) => roleNotes.push(message),
  });
  const roleArn = { 'Fn::GetAtt': [`${logicalId}Role`, 'Arn'] };
  if (!isSet(fn['Role'])) {
    fn['Role'] = roleArn;
    resources[`${logicalId}Role`] = role;
  } else if (isConditionalRole(fn['Role'])) {
    addConditionalRole(logicalId, fn, role, roleArn, resources, scope);
  }

  transformFunctionEvents(
    {
      functionId: logicalId,
      resource,
      lambdaFunction: functionResource,
      role: resources[`${logicalId}Role`],
      aliasId: referableProperties['Alias'],
      scope,
    },
    resources,
  );
  for (const name of NOT_EMULATED_FUNCTION_PROPERTIES) {
    if (p[name]) scope.notEmulated(`${logicalId}: property ${name} is not emulated locally`);
  }
  if (resources[`${logicalId}Role`] !== undefined) roleNotes.forEach((note) => scope.notEmulated(note));
  if (p['PropagateTags']) propagateTags([...Object.values(resources), ...linkedBuckets(p, scope)], p['Tags']);
  return { resources, referableProperties };
}

function buildFunctionProperties(logicalId: string, p: Record<string, unknown>): Record<string, unknown> {
  const fn: Record<string, unknown> = {};
  if (p['FunctionName']) fn['FunctionName'] = p['FunctionName'];
  for (const name of COPIED) fn[name] = p[name];
  fn['Code'] = functionCode(logicalId, p);
  for (const name of COPIED_AFTER_CODE) fn[name] = p[name];
  fn['Tags'] = samTagList(logicalId, p['Tags']);
  const dlq = p['DeadLetterQueue'];
  if (isPlainObject(dlq)) fn['DeadLetterConfig'] = { TargetArn: dlq['TargetArn'] };
  for (const name of COPIED_LAST) fn[name] = p[name];
  if (p['CapacityProviderConfig']) fn['CapacityProviderConfig'] = capacityProviderConfig(p['CapacityProviderConfig']);
  if (p['FunctionScalingConfig']) fn['FunctionScalingConfig'] = p['FunctionScalingConfig'];
  if (isSet(p['PublishToLatestPublished'])) fn['PublishToLatestPublished'] = p['PublishToLatestPublished'];
  return definedProperties(fn);
}

function capacityProviderConfig(config: unknown): Record<string, unknown> {
  const c = isPlainObject(config) ? config : {};
  const inner: Record<string, unknown> = { CapacityProviderArn: c['Arn'] };
  if (isSet(c['PerExecutionEnvironmentMaxConcurrency']))
    inner['PerExecutionEnvironmentMaxConcurrency'] = c['PerExecutionEnvironmentMaxConcurrency'];
  if (isSet(c['ExecutionEnvironmentMemoryGiBPerVCpu']))
    inner['ExecutionEnvironmentMemoryGiBPerVCpu'] = c['ExecutionEnvironmentMemoryGiBPerVCpu'];
  return { LambdaManagedInstancesCapacityProviderConfig: inner };
}

function isNoValue(value: unknown): boolean {
  return isPlainObject(value) && value['Ref'] === 'AWS::NoValue';
}

function isConditionalRole(role: unknown): boolean {
  return isPlainObject(role) && Object.keys(role).length === 1 && 'Fn::If' in role;
}

/** `Role: !If [Cond, !Ref AWS::NoValue, Arn]`: the generated role exists only where the function has no role. */
function addConditionalRole(
  logicalId: string,
  fn: Record<string, unknown>,
  role: Record<string, unknown>,
  roleArn: unknown,
  resources: Record<string, Record<string, unknown>>,
  scope: SamScope,
): void {
  const items = (resolveParameterRefs(fn['Role'], scope.parameters) as Record<string, unknown>)['Fn::If'];
  if (!Array.isArray(items) || items.length !== 3 || typeof items[0] !== 'string') {
    throw new SamResourceError(logicalId, "Malformed 'Role' property: Fn::If requires 3 arguments.");
  }
  const [condition, whenTrue, whenFalse] = items as [string, unknown, unknown];
  if (isNoValue(whenTrue) && isNoValue(whenFalse)) {
    fn['Role'] = roleArn;
  } else if (isNoValue(whenTrue)) {
    fn['Role'] = { 'Fn::If': [condition, roleArn, whenFalse] };
    role['Condition'] = condition;
  } else if (isNoValue(whenFalse)) {
    fn['Role'] = { 'Fn::If': [condition, whenTrue, roleArn] };
    role['Condition'] = `NOT${condition}`;
    scope.addCondition(`NOT${condition}`, { 'Fn::Not': [{ Condition: condition }] });
  } else {
    return;
  }
  resources[`${logicalId}Role`] = role;
}

/** The template buckets S3 events changed, which samtranslator lists among the function's generated resources. */
function linkedBuckets(p: Record<string, unknown>, scope: SamScope): Array<Record<string, unknown>> {
  const events = isPlainObject(p['Events']) ? Object.values(p['Events']) : [];
  const buckets: Array<Record<string, unknown>> = [];
  for (const event of events) {
    if (!isPlainObject(event) || event['Type'] !== 'S3' || !isPlainObject(event['Properties'])) continue;
    const bucket = event['Properties']['Bucket'];
    const id = isPlainObject(bucket) ? bucket['Ref'] : undefined;
    const resource = typeof id === 'string' && Object.hasOwn(scope.resources, id) ? scope.resources[id] : undefined;
    if (isPlainObject(resource) && !buckets.includes(resource)) buckets.push(resource);
  }
  return buckets;
}
