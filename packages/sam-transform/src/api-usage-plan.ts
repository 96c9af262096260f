import { isPlainObject } from '@toolkit/intrinsics';
import { SamResourceError } from './sam-resource-error.ts';
import type { SamScope } from './sam-scope.ts';
import { templateProblem } from './swagger-editor.ts';

const CREATE_VALUES = ['SHARED', 'PER_API', 'NONE'];
const PLAN_PROPERTIES = ['CreateUsagePlan', 'Description', 'Quota', 'Tags', 'Throttle', 'UsagePlanName'];
const SHARED_CONDITION = 'SharedUsagePlanCondition';
type Resource = Record<string, unknown>;

/** samtranslator's SharedApiUsagePlan: what the Apis with a SHARED usage plan have put into it so far. */
interface SharedUsagePlan {
  dependsOn: string[];
  apiStages: Resource[];
  stageKeys: Resource[];
  conditions: string[];
  anyApiWithoutCondition: boolean;
  deletionPolicy?: unknown;
  updateReplacePolicy?: unknown;
}

/** What an Api's `Auth.UsagePlan` generates, and the ids `Api.UsagePlan`/`UsagePlanKey`/`ApiKey` refer to. */
export interface UsagePlanResources {
  resources: Record<string, Resource>;
  referable: Record<string, string>;
}

/** `ApiGenerator._construct_usage_plan`: a usage plan, API key and usage plan key, per Api or SHARED by all. */
export function usagePlanResources(
  apiId: string,
  auth: unknown,
  stageId: string,
  attributes: Resource,
  scope: SamScope,
): UsagePlanResources | undefined {
  if (!isPlainObject(auth) || auth['UsagePlan'] === undefined || auth['UsagePlan'] === null) return undefined;
  const plan = auth['UsagePlan'];
  if (!isPlainObject(plan)) throw new SamResourceError(apiId, "'UsagePlan' must be a dictionary");
  if (!Object.keys(plan).every((key) => PLAN_PROPERTIES.includes(key)))
    throw new SamResourceError(apiId, "Invalid property for 'UsagePlan'");
  const create = plan['CreateUsagePlan'];
  if (create === undefined || create === null)
    throw new SamResourceError(apiId, "'CreateUsagePlan' is a required field for UsagePlan.");
  if (typeof create !== 'string' || !CREATE_VALUES.includes(create))
    throw new SamResourceError(apiId, "'CreateUsagePlan' accepts one of ['SHARED', 'PER_API', 'NONE'].");
  if (create === 'NONE') return undefined;
  const apiStage = { ApiId: { Ref: apiId }, Stage: { Ref: stageId } };
  const stageKey = { RestApiId: { Ref: apiId }, StageName: { Ref: stageId } };
  let ids: { plan: string; key: string; planKey: string };
  let planAttributes = attributes;
  let planProperties: Resource;
  let stageKeys: Resource[];
  let dependsOn: string[];
  if (create === 'PER_API') {
    ids = { plan: `${apiId}UsagePlan`, key: `${apiId}ApiKey`, planKey: `${apiId}UsagePlanKey` };
    planProperties = { ApiStages: [apiStage] };
    stageKeys = [stageKey];
    dependsOn = [apiId];
  } else {
    const shared = sharedPlan(scope);
    ids = { plan: 'ServerlessUsagePlan', key: 'ServerlessApiKey', planKey: 'ServerlessUsagePlanKey' };
    if (!shared.dependsOn.includes(apiId)) shared.dependsOn.push(apiId);
    planAttributes = combinedAttributes(shared, attributes, scope);
    if (!shared.apiStages.some((s) => JSON.stringify(s) === JSON.stringify(apiStage))) shared.apiStages.push(apiStage);
    if (!shared.stageKeys.some((s) => JSON.stringify(s) === JSON.stringify(stageKey))) shared.stageKeys.push(stageKey);
    planProperties = { ApiStages: [...shared.apiStages] };
    stageKeys = [...shared.stageKeys];
    dependsOn = [...shared.dependsOn];
  }
  for (const name of ['UsagePlanName', 'Description', 'Quota', 'Tags', 'Throttle'])
    if (plan[name]) planProperties[name] = plan[name];
  return {
    resources: {
      [ids.plan]: {
        Type: 'AWS::ApiGateway::UsagePlan',
        DependsOn: dependsOn,
        ...planAttributes,
        Properties: planProperties,
      },
      [ids.key]: {
        Type: 'AWS::ApiGateway::ApiKey',
        DependsOn: [ids.plan],
        ...planAttributes,
        Properties: { Enabled: true, StageKeys: stageKeys },
      },
      [ids.planKey]: {
        Type: 'AWS::ApiGateway::UsagePlanKey',
        DependsOn: [ids.key],
        ...planAttributes,
        Properties: { KeyId: { Ref: ids.key }, KeyType: 'API_KEY', UsagePlanId: { Ref: ids.plan } },
      },
    },
    referable: { UsagePlan: ids.plan, ApiKey: ids.key, UsagePlanKey: ids.planKey },
  };
}

function sharedPlan(scope: SamScope): SharedUsagePlan {
  scope.apiShared ??= new Map();
  if (!scope.apiShared.has('usagePlan'))
    scope.apiShared.set('usagePlan', {
      dependsOn: [],
      apiStages: [],
      stageKeys: [],
      conditions: [],
      anyApiWithoutCondition: false,
    } satisfies SharedUsagePlan);
  return scope.apiShared.get('usagePlan') as SharedUsagePlan;
}

/**
 * `get_combined_resource_attributes`: Retain wins over other deletion policies, Retain and Snapshot over
 * Delete for replacement; the shared resources get a condition only while every Api has one (an `Fn::Or`).
 */
function combinedAttributes(shared: SharedUsagePlan, attributes: Resource, scope: SamScope): Resource {
  const deletion = attributes['DeletionPolicy'];
  if (deletion && (!shared.deletionPolicy || deletion === 'Retain')) shared.deletionPolicy = deletion;
  const replace = attributes['UpdateReplacePolicy'];
  if (
    replace &&
    (!shared.updateReplacePolicy ||
      replace === 'Retain' ||
      (replace === 'Snapshot' && shared.updateReplacePolicy === 'Delete'))
  )
    shared.updateReplacePolicy = replace;
  const condition = attributes['Condition'];
  if (!shared.anyApiWithoutCondition) {
    const conditions = scope.conditions();
    if (typeof condition === 'string' && condition !== '' && !shared.conditions.includes(condition)) {
      if (conditions === undefined)
        throw templateProblem("Can't have condition without having 'Conditions' section in the template");
      shared.conditions.push(condition);
      conditions[SHARED_CONDITION] =
        shared.conditions.length > 1 ? { 'Fn::Or': shared.conditions.map((c) => ({ Condition: c })) } : condition;
    } else if (condition === undefined || condition === null) {
      shared.anyApiWithoutCondition = true;
      if (conditions !== undefined) delete conditions[SHARED_CONDITION];
    }
  }
  const combined: Resource = {};
  if (shared.deletionPolicy) combined['DeletionPolicy'] = shared.deletionPolicy;
  if (shared.updateReplacePolicy) combined['UpdateReplacePolicy'] = shared.updateReplacePolicy;
  if (shared.conditions.length > 0 && !shared.anyApiWithoutCondition) combined['Condition'] = SHARED_CONDITION;
  return combined;
}
