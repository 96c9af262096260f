import { isPlainObject } from '@toolkit/intrinsics';
import { buildExecutionRole } from './sam-execution-role.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { isSet, passthroughAttributes, supportedAttributes, type SamExpansion, type SamScope } from './sam-scope.ts';
import { propagateTags, tagList } from './sam-tags.ts';
import { definitionS3Location, definitionString } from './state-machine-definition.ts';
import { stateMachineEvents } from './state-machine-events.ts';

const STATES_ASSUME_ROLE = {
  Version: '2012-10-17',
  Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['states.amazonaws.com'] } }],
};

/**
 * `AWS::Serverless::StateMachine` → `AWS::StepFunctions::StateMachine` with its definition
 * (inline, with intrinsics moved into substitutions, or from S3), `<Id>Role` from `Policies`
 * unless `Role` is given, and with `AutoPublishAlias` a version and an alias.
 */
export function transformStateMachine(
  logicalId: string,
  resource: Record<string, unknown>,
  scope: SamScope,
): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  const fail = (message: string) => new SamResourceError(logicalId, message);
  const machine: Record<string, unknown> = {};
  if (p['DefinitionSubstitutions']) machine['DefinitionSubstitutions'] = p['DefinitionSubstitutions'];
  if (p['Definition'] && p['DefinitionUri'])
    throw fail("Specify either 'Definition' or 'DefinitionUri' property and not both.");
  if (p['Definition']) {
    if (!isPlainObject(p['Definition'])) throw fail("Property 'Definition' should be a map.");
    const built = definitionString(p['Definition']);
    if (Object.keys(built.substitutions).length > 0)
      machine['DefinitionSubstitutions'] = {
        ...(isPlainObject(machine['DefinitionSubstitutions']) ? machine['DefinitionSubstitutions'] : {}),
        ...built.substitutions,
      };
    machine['DefinitionString'] = built.definitionString;
  } else if (p['DefinitionUri']) {
    machine['DefinitionS3Location'] = definitionS3Location(logicalId, p['DefinitionUri']);
  } else {
    throw fail("Either 'Definition' or 'DefinitionUri' property must be specified.");
  }

  const resources: Record<string, Record<string, unknown>> = {};
  const tags = [...tagList({ 'stateMachine:createdBy': 'SAM' }), ...tagList(p['Tags'])];
  if (p['Role'] && p['Policies'])
    throw fail("Specify either 'Role' or 'Policies' (but not both at the same time) or neither of them");
  if (p['Role']) {
    machine['RoleArn'] = p['Role'];
  } else {
    const policies = !p['Policies'] ? [] : Array.isArray(p['Policies']) ? [...p['Policies']] : [p['Policies']];
    const tracing = p['Tracing'];
    if (isPlainObject(tracing) && tracing['Enabled'] === true)
      policies.push(scope.partition === 'aws' ? 'AWSXrayWriteOnlyAccess' : 'AWSXRayDaemonWriteAccess');
    resources[`${logicalId}Role`] = buildExecutionRole({
      functionId: logicalId,
      attributes: passthroughAttributes(resource),
      properties: { Policies: policies, RolePath: p['RolePath'], PermissionsBoundary: p['PermissionsBoundary'] },
      resolvedTracing: undefined,
      tags,
      partition: scope.partition,
      managedPolicies: scope.managedPolicies,
      baseManagedPolicies: [],
      assumeRolePolicy: STATES_ASSUME_ROLE,
      notEmulated: (message) => scope.notEmulated(message),
    });
    machine['RoleArn'] = { 'Fn::GetAtt': [`${logicalId}Role`, 'Arn'] };
  }
  for (const [from, to] of [
    ['Name', 'StateMachineName'],
    ['Type', 'StateMachineType'],
    ['Logging', 'LoggingConfiguration'],
    ['Tracing', 'TracingConfiguration'],
  ] as const)
    if (isSet(p[from])) machine[to] = p[from];
  machine['Tags'] = tags;
  const output: Record<string, unknown> = {
    Type: 'AWS::StepFunctions::StateMachine',
    ...supportedAttributes(resource),
  };
  if (resource['DependsOn']) output['DependsOn'] = resource['DependsOn'];
  output['Properties'] = machine;
  resources[logicalId] = output;

  const alias = p['AutoPublishAlias'];
  if (!alias && p['UseAliasAsEventTarget'])
    throw fail("'UseAliasAsEventTarget' requires 'AutoPublishAlias' property to be specified.");
  if (!alias && p['DeploymentPreference'])
    throw fail("'DeploymentPreference' requires 'AutoPublishAlias' property to be specified.");
  if (alias) Object.assign(resources, versionAndAlias(logicalId, resource, String(alias), p['DeploymentPreference']));
  const aliasId = alias ? `${logicalId}Alias${String(alias)}` : undefined;
  Object.assign(
    resources,
    stateMachineEvents({
      logicalId,
      resource,
      properties: p,
      targetId: p['UseAliasAsEventTarget'] && aliasId !== undefined ? aliasId : logicalId,
      scope,
    }),
  );
  if (p['PropagateTags']) propagateTags(Object.values(resources), p['Tags']);
  return { resources };
}

/** A version published on every revision (kept on delete) and the alias pointing at it. */
function versionAndAlias(
  logicalId: string,
  resource: Record<string, unknown>,
  alias: string,
  deploymentPreference: unknown,
): Record<string, Record<string, unknown>> {
  const attributes = passthroughAttributes(resource);
  const versionId = `${logicalId}Version`;
  const preference: Record<string, unknown> = isPlainObject(deploymentPreference)
    ? { ...deploymentPreference }
    : { Type: 'ALL_AT_ONCE' };
  preference['StateMachineVersionArn'] = { Ref: versionId };
  return {
    [versionId]: {
      Type: 'AWS::StepFunctions::StateMachineVersion',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      ...attributes,
      Properties: {
        StateMachineArn: { Ref: logicalId },
        StateMachineRevisionId: { 'Fn::GetAtt': [logicalId, 'StateMachineRevisionId'] },
      },
    },
    [`${logicalId}Alias${alias}`]: {
      Type: 'AWS::StepFunctions::StateMachineAlias',
      ...attributes,
      Properties: { Name: alias, DeploymentPreference: preference },
    },
  };
}
