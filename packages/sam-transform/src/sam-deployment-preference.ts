import { intrinsicName, isPlainObject } from '@toolkit/intrinsics';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { invalidTemplate, pythonStr } from './swagger-editor.ts';
import { awsManagedPolicyArn } from './sam-managed-policies.ts';
import { tagList } from './sam-tags.ts';
import { combinedConditions } from './sam-conditions.ts';

const APPLICATION_ID = 'ServerlessDeploymentApplication';
const SERVICE_ROLE_ID = 'CodeDeployServiceRole';
const CONDITION_NAME = 'ServerlessCodeDeployCondition';
const PREDEFINED_CONFIGURATIONS = new Set([
  'Canary10Percent5Minutes',
  'Canary10Percent10Minutes',
  'Canary10Percent15Minutes',
  'Canary10Percent30Minutes',
  'Linear10PercentEvery1Minute',
  'Linear10PercentEvery2Minutes',
  'Linear10PercentEvery3Minutes',
  'Linear10PercentEvery10Minutes',
  'AllAtOnce',
]);

/** One function's `DeploymentPreference`, as samtranslator's collection keeps it. */
export interface DeploymentPreference {
  enabled: boolean;
  type?: unknown;
  preTrafficHook?: unknown;
  postTrafficHook?: unknown;
  alarms?: unknown;
  role?: unknown;
  triggerConfigurations?: unknown;
  condition?: unknown;
  tags?: Record<string, unknown>;
  propagateTags: boolean;
}

/**
 * Reads a function's `DeploymentPreference` and, when enabled, sets the alias's CodeDeploy
 * `UpdatePolicy`. The shared CodeDeploy resources come from `codeDeployResources` afterwards.
 */
export function functionDeploymentPreference(input: {
  logicalId: string;
  properties: Record<string, unknown>;
  condition: unknown;
  alias: Record<string, unknown> | undefined;
  parameters: Readonly<Record<string, unknown>>;
  mappings: Readonly<Record<string, unknown>>;
  /** samtranslator's `deployment_preference_condition_fix` toggle: the default PassthroughCondition. */
  passthroughByDefault: boolean;
}): DeploymentPreference {
  const { logicalId, properties: p } = input;
  const given = { ...(p['DeploymentPreference'] as Record<string, unknown>) };
  for (const name of ['Enabled', 'Type'])
    if (name in given)
      given[name] = resolveFindInMap(resolveParameterRefs(given[name], input.parameters), input.mappings);
  const passthrough =
    'PassthroughCondition' in given
      ? toBoolean(
          logicalId,
          resolveFindInMap(resolveParameterRefs(given['PassthroughCondition'], input.parameters), input.mappings),
        )
      : input.passthroughByDefault;
  const enabledValue = 'Enabled' in given ? given['Enabled'] : true;
  const enabled = !(enabledValue === 'false' || enabledValue === 'False' || !enabledValue);
  const preference: DeploymentPreference = { enabled, propagateTags: Boolean(p['PropagateTags']) };
  if (enabled) {
    if (!('Type' in given))
      throw new SamResourceError(logicalId, "'DeploymentPreference' is missing required Property 'Type'");
    const hooks = given['Hooks'] ?? {};
    if (!isPlainObject(hooks))
      throw new SamResourceError(logicalId, "'Hooks' property of 'DeploymentPreference' must be a dictionary");
    Object.assign(preference, {
      type: given['Type'],
      preTrafficHook: hooks['PreTraffic'],
      postTrafficHook: hooks['PostTraffic'],
      alarms: given['Alarms'],
      role: given['Role'],
      triggerConfigurations: given['TriggerConfigurations'],
      condition: passthrough ? input.condition : undefined,
      tags: p['PropagateTags'] && isPlainObject(p['Tags']) && Object.keys(p['Tags']).length > 0 ? p['Tags'] : undefined,
    });
    if (!p['AutoPublishAlias'])
      throw new SamResourceError(
        logicalId,
        "'DeploymentPreference' requires AutoPublishAlias property to be specified.",
      );
    const update: Record<string, unknown> = {
      ApplicationName: { Ref: APPLICATION_ID },
      DeploymentGroupName: { Ref: `${logicalId}DeploymentGroup` },
    };
    if (preference.preTrafficHook !== undefined && preference.preTrafficHook !== null)
      update['BeforeAllowTrafficHook'] = preference.preTrafficHook;
    if (preference.postTrafficHook !== undefined && preference.postTrafficHook !== null)
      update['AfterAllowTrafficHook'] = preference.postTrafficHook;
    if (input.alias) input.alias['UpdatePolicy'] = { CodeDeployLambdaAliasUpdate: update };
  }
  return preference;
}

function toBoolean(logicalId: string, resolved: unknown): boolean {
  if (resolved === true || resolved === 'true' || resolved === 'True') return true;
  if (resolved === false || resolved === 'false' || resolved === 'False') return false;
  if (intrinsicName(resolved) !== undefined)
    throw new SamResourceError(
      logicalId,
      'Unsupported intrinsic: the only intrinsic functions supported for property PassthroughCondition are FindInMap and parameter Refs.',
    );
  throw new SamResourceError(logicalId, 'Invalid value for property PassthroughCondition.');
}

/**
 * The CodeDeploy application, service role (unless every preference names its own) and one
 * deployment group per enabled function, conditional when every function is; plus conditions.
 */
export function codeDeployResources(
  preferences: ReadonlyMap<string, DeploymentPreference>,
  partition: string,
): { resources: Record<string, Record<string, unknown>>; conditions: Record<string, unknown> } {
  const all = [...preferences.values()];
  const resources: Record<string, Record<string, unknown>> = {};
  const conditions: Record<string, unknown> = {};
  if (!all.some((p) => p.enabled)) return { resources, conditions };
  const conditionNames = [...new Set(all.map((p) => p.condition).filter((c) => c !== undefined && c !== null))];
  const needsCondition = all.length > 0 && !all.some((p) => !p.condition && p.enabled);
  const sharedCondition = needsCondition
    ? conditionNames.length <= 1
      ? conditionNames[0]
      : CONDITION_NAME
    : undefined;
  const mergedTags: Record<string, unknown> = {};
  for (const p of all) if (p.enabled && p.propagateTags && p.tags) Object.assign(mergedTags, p.tags);
  const withCondition = (resource: Record<string, unknown>) =>
    sharedCondition === undefined ? resource : { ...resource, Condition: sharedCondition };

  const application: Record<string, unknown> = { ComputePlatform: 'Lambda' };
  if (Object.keys(mergedTags).length > 0) application['Tags'] = tagList(mergedTags);
  resources[APPLICATION_ID] = withCondition({ Type: 'AWS::CodeDeploy::Application', Properties: application });
  if (needsCondition && conditionNames.length >= 2)
    Object.assign(conditions, combinedConditions(conditionNames.map(String), CONDITION_NAME));
  if (!all.every((p) => p.role || !p.enabled)) {
    const role: Record<string, unknown> = {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['codedeploy.amazonaws.com'] } },
        ],
      },
      ManagedPolicyArns: [
        awsManagedPolicyArn(
          partition === 'aws-iso' || partition === 'aws-iso-b'
            ? 'AWSCodeDeployRoleForLambdaLimited'
            : 'AWSCodeDeployRoleForLambda',
          partition,
        ),
      ],
    };
    if (Object.keys(mergedTags).length > 0) role['Tags'] = tagList(mergedTags);
    resources[SERVICE_ROLE_ID] = withCondition({ Type: 'AWS::IAM::Role', Properties: role });
  }
  for (const [logicalId, p] of preferences) {
    if (!p.enabled) continue;
    const group: Record<string, unknown> = {
      ApplicationName: { Ref: APPLICATION_ID },
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'],
      },
      DeploymentConfigName: deploymentConfigName(structuredClone(p.type)),
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      ServiceRoleArn: p.role || { 'Fn::GetAtt': [SERVICE_ROLE_ID, 'Arn'] },
    };
    const alarms = alarmConfiguration(logicalId, p.alarms);
    if (alarms !== undefined) group['AlarmConfiguration'] = alarms;
    if (p.triggerConfigurations) group['TriggerConfigurations'] = p.triggerConfigurations;
    if (p.tags) group['Tags'] = tagList(p.tags);
    const resource: Record<string, unknown> = { Type: 'AWS::CodeDeploy::DeploymentGroup', Properties: group };
    if (p.condition) resource['Condition'] = p.condition;
    resources[`${logicalId}DeploymentGroup`] = resource;
  }
  return { resources, conditions };
}

/** A predefined configuration name becomes `CodeDeployDefault.Lambda<Name>` (inside intrinsics too). */
function deploymentConfigName(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => deploymentConfigName(item));
  if (intrinsicName(value) !== undefined) {
    const object = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(object)) object[k] = deploymentConfigName(v, k);
    return object;
  }
  if (typeof value === 'string' && PREDEFINED_CONFIGURATIONS.has(value)) {
    const sub = ['CodeDeployDefault.Lambda${ConfigName}', { ConfigName: value }];
    return key === 'Fn::Sub' ? sub : { 'Fn::Sub': sub };
  }
  return value;
}

function alarmConfiguration(logicalId: string, alarms: unknown): unknown {
  const isNoValue = (v: unknown) => isPlainObject(v) && v['Ref'] === 'AWS::NoValue' && Object.keys(v).length === 1;
  if (!alarms || isNoValue(alarms)) return undefined;
  const build = (list: unknown) => {
    if (!Array.isArray(list)) throw new SamResourceError(logicalId, 'Alarms must be a list');
    if (list.length === 0 || isNoValue(list[0])) return {};
    return { Enabled: true, Alarms: list.map((name) => ({ Name: name })) };
  };
  if (isPlainObject(alarms) && Array.isArray(alarms['Fn::If']) && Object.keys(alarms).length === 1) {
    const items = structuredClone(alarms['Fn::If']);
    if (items.length !== 3) throw new SamResourceError(logicalId, 'Fn::If requires 3 arguments');
    return { 'Fn::If': [items[0], build(items[1]), build(items[2])] };
  }
  return build(alarms);
}

/**
 * samtranslator's mappings resolver: a `Fn::FindInMap` whose three keys are strings and found in
 * `Mappings` becomes the value; one without three arguments, or into a mapping that is not two levels of
 * maps, ends the transform; anything else is left as it is.
 */
export function resolveFindInMap(value: unknown, mappings: Readonly<Record<string, unknown>>): unknown {
  if (!isPlainObject(value) || Object.keys(value).length !== 1 || !('Fn::FindInMap' in value)) return value;
  const args = value['Fn::FindInMap'];
  if (!Array.isArray(args) || args.length !== 3)
    throw invalidTemplate(`Invalid FindInMap value ${pythonStr(args)}. FindInMap expects an array with 3 values.`);
  const [map, top, second] = args.map((arg) => resolveFindInMap(arg, mappings));
  if (typeof map !== 'string' || typeof top !== 'string' || typeof second !== 'string') return value;
  const notTwoLevels = () =>
    invalidTemplate(`Cannot use Fn::FindInMap on Mapping '${map}' which is not a a two-level map.`);
  if (!Object.hasOwn(mappings, map)) return value;
  const level1 = mappings[map];
  if (!isPlainObject(level1)) throw notTwoLevels();
  if (!Object.hasOwn(level1, top)) return value;
  const level2 = level1[top];
  if (!isPlainObject(level2)) throw notTwoLevels();
  return Object.hasOwn(level2, second) ? level2[second] : value;
}
