import { isPlainObject } from '@toolkit/intrinsics';
import { lambdaAssumeRolePolicy } from './sam-execution-role.ts';
import { awsManagedPolicyArn } from './sam-managed-policies.ts';
import { model, modelErrorMessages, modelErrors, type Shape } from './sam-model-schema.ts';
import { checkPropertyTypes, type SamPropertyType } from './sam-property-types.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { isSet, passthroughAttributes, supportedAttributes, type SamExpansion, type SamScope } from './sam-scope.ts';
import { tagList } from './sam-tags.ts';

type Props = Record<string, unknown>;
const TYPE = 'AWS::Serverless::CapacityProvider';

// samtranslator declares these as `Property`: an intrinsic does not stand in for any of them.
const STRING_OR_MAP: SamPropertyType = { noIntrinsic: ['string', 'map'] };
const MAP: SamPropertyType = { noIntrinsic: 'map' };
const PROPERTIES: ReadonlyMap<string, SamPropertyType> = new Map<string, SamPropertyType>([
  ['CapacityProviderName', STRING_OR_MAP],
  ['VpcConfig', MAP],
  ['OperatorRole', STRING_OR_MAP],
  ['Tags', MAP],
  ['PropagateTags', { noIntrinsic: 'bool' }],
  ['InstanceRequirements', MAP],
  ['ScalingConfig', MAP],
  ['KmsKeyArn', STRING_OR_MAP],
]);

const INTRINSIC_OR_LIST: Shape = { oneOf: ['dict', { listOf: { oneOf: ['dict', 'str'] } }] };
/** samtranslator's model of the properties (`aws_serverless_capacity_provider.Properties`). */
const MODEL: Shape = model(
  {
    CapacityProviderName: 'any',
    VpcConfig: model({ SecurityGroupIds: INTRINSIC_OR_LIST, SubnetIds: INTRINSIC_OR_LIST }, 'SubnetIds'),
    OperatorRole: 'any',
    Tags: 'dict',
    PropagateTags: 'bool',
    InstanceRequirements: model({
      Architectures: INTRINSIC_OR_LIST,
      AllowedTypes: INTRINSIC_OR_LIST,
      ExcludedTypes: INTRINSIC_OR_LIST,
    }),
    ScalingConfig: model({
      MaxVCpuCount: { oneOf: ['dict', 'int'] },
      AverageCPUUtilization: { oneOf: ['dict', 'float'] },
    }),
    KmsKeyArn: 'any',
  },
  'VpcConfig',
);

/**
 * `AWS::Serverless::CapacityProvider` → `AWS::Lambda::CapacityProvider`, with a generated operator
 * role (`<Id>OperatorRole`, AWSLambdaManagedEC2ResourceOperator) unless `OperatorRole` names one.
 */
export function transformCapacityProvider(logicalId: string, resource: Props, scope: SamScope): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  checkPropertyTypes(logicalId, TYPE, p, PROPERTIES, ['VpcConfig']);
  const errors = modelErrorMessages(modelErrors(p, MODEL));
  if (errors.length > 0) throw new SamResourceError(logicalId, errors.join(' '));
  const instance = isPlainObject(p['InstanceRequirements']) ? p['InstanceRequirements'] : {};
  if (isSet(instance['AllowedTypes']) && isSet(instance['ExcludedTypes']))
    throw new SamResourceError(
      logicalId,
      "Cannot specify 'InstanceRequirements.AllowedTypes' and 'InstanceRequirements.ExcludedTypes' together.",
    );

  const resources: Record<string, Props> = {};
  let operatorRole = p['OperatorRole'];
  if (!operatorRole) {
    resources[`${logicalId}OperatorRole`] = {
      Type: 'AWS::IAM::Role',
      ...passthroughAttributes(resource),
      Properties: {
        AssumeRolePolicyDocument: lambdaAssumeRolePolicy(),
        ManagedPolicyArns: [awsManagedPolicyArn('AWSLambdaManagedEC2ResourceOperator', scope.partition)],
        Tags: tagList({ 'lambda:createdBy': 'SAM' }),
      },
    };
    operatorRole = { 'Fn::GetAtt': [`${logicalId}OperatorRole`, 'Arn'] };
  }

  const properties: Props = {};
  if (p['CapacityProviderName']) properties['CapacityProviderName'] = p['CapacityProviderName'];
  const vpc = p['VpcConfig'] as Props;
  properties['VpcConfig'] = {
    SubnetIds: vpc['SubnetIds'],
    ...(isSet(vpc['SecurityGroupIds']) ? { SecurityGroupIds: vpc['SecurityGroupIds'] } : {}),
  };
  properties['PermissionsConfig'] = { CapacityProviderOperatorRoleArn: operatorRole };
  const userTags = isPlainObject(p['Tags']) ? p['Tags'] : {};
  properties['Tags'] = tagList({ ...userTags, 'lambda:createdBy': 'SAM' });
  const requirements = renamed(instance, {
    Architectures: 'Architectures',
    AllowedTypes: 'AllowedInstanceTypes',
    ExcludedTypes: 'ExcludedInstanceTypes',
  });
  if (Object.keys(requirements).length > 0) properties['InstanceRequirements'] = requirements;
  if (isPlainObject(p['ScalingConfig']) && Object.values(p['ScalingConfig']).some(isSet))
    properties['CapacityProviderScalingConfig'] = scalingConfig(p['ScalingConfig']);
  if (p['KmsKeyArn']) properties['KmsKeyArn'] = p['KmsKeyArn'];
  const provider: Props = { Type: 'AWS::Lambda::CapacityProvider', ...supportedAttributes(resource) };
  if (isSet(resource['DependsOn'])) provider['DependsOn'] = resource['DependsOn'];
  provider['Properties'] = properties;
  resources[logicalId] = provider;

  // PropagateTags adds the resource's tags to those each generated resource already has.
  if (p['PropagateTags'] && Object.keys(userTags).length > 0)
    for (const made of Object.values(resources)) {
      const generated = made['Properties'] as Props;
      const combined = new Map<unknown, unknown>();
      for (const tag of [...(generated['Tags'] as Props[]), ...tagList(userTags)])
        combined.set(tag['Key'], tag['Value']);
      generated['Tags'] = [...combined].map(([Key, Value]) => ({ Key, Value }));
    }
  return { resources };
}

function renamed(source: Props, names: Readonly<Record<string, string>>): Props {
  const result: Props = {};
  for (const [from, to] of Object.entries(names)) if (isSet(source[from])) result[to] = source[from];
  return result;
}

/** The scaling mode is manual with a CPU target policy when AverageCPUUtilization is given, else automatic. */
function scalingConfig(given: Props): Props {
  const config: Props = {};
  if (isSet(given['MaxVCpuCount'])) config['MaxVCpuCount'] = given['MaxVCpuCount'];
  if (!isSet(given['AverageCPUUtilization'])) return { ...config, ScalingMode: 'Auto' };
  config['ScalingMode'] = 'Manual';
  config['ScalingPolicies'] = [
    {
      PredefinedMetricType: 'LambdaCapacityProviderAverageCPUUtilization',
      TargetValue: given['AverageCPUUtilization'],
    },
  ];
  return config;
}
