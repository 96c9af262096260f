import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'eu-west-1', accountId: '123456789012' };
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function transform(properties: Record<string, unknown>, globals?: Record<string, unknown>) {
  return transformSam(
    {
      Transform: 'AWS::Serverless-2016-10-31',
      ...(globals === undefined ? {} : { Globals: { CapacityProvider: globals } }),
      Resources: { Provider: { Type: 'AWS::Serverless::CapacityProvider', Properties: properties } },
    },
    options,
  );
}

describe('AWS::Serverless::CapacityProvider', () => {
  it('makes the Lambda capacity provider and its operator role, with Globals and propagated tags', () => {
    const result = transform(
      { ScalingConfig: { AverageCPUUtilization: 70 }, InstanceRequirements: { AllowedTypes: ['c5.xlarge'] } },
      { VpcConfig: { SubnetIds: ['subnet-1'] }, Tags: { Team: 'a' }, PropagateTags: true },
    );
    expect(result.errors).toEqual([]);
    const resources = result.template['Resources'] as Resources;
    expect(resources['Provider']).toEqual({
      Type: 'AWS::Lambda::CapacityProvider',
      Properties: {
        VpcConfig: { SubnetIds: ['subnet-1'] },
        PermissionsConfig: { CapacityProviderOperatorRoleArn: { 'Fn::GetAtt': ['ProviderOperatorRole', 'Arn'] } },
        Tags: [
          { Key: 'Team', Value: 'a' },
          { Key: 'lambda:createdBy', Value: 'SAM' },
        ],
        InstanceRequirements: { AllowedInstanceTypes: ['c5.xlarge'] },
        CapacityProviderScalingConfig: {
          ScalingMode: 'Manual',
          ScalingPolicies: [{ PredefinedMetricType: 'LambdaCapacityProviderAverageCPUUtilization', TargetValue: 70 }],
        },
      },
    });
    expect(resources['ProviderOperatorRole']!.Properties).toMatchObject({
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator'],
      Tags: [
        { Key: 'lambda:createdBy', Value: 'SAM' },
        { Key: 'Team', Value: 'a' },
      ],
    });
  });

  it('reports every model error at once in samtranslator’s words', () => {
    expect(
      transform({ VpcConfig: { SubnetIds: 'subnet-1', Extra: 1 }, ScalingConfig: { MaxVCpuCount: 'x' } }).errors,
    ).toEqual([
      "Resource with id [Provider] is invalid. Property 'VpcConfig.SubnetIds' value must be dictionary or list. Property 'VpcConfig.Extra' is an invalid property. Property 'ScalingConfig.MaxVCpuCount' value must be dictionary or integer.",
    ]);
    expect(transform({}).errors).toEqual([
      "Resource with id [Provider] is invalid. Missing required property 'VpcConfig'.",
    ]);
    expect(transform({ VpcConfig: { SubnetIds: [] } }, { CapacityProviderName: 'x' }).errors).toEqual([
      "'Globals' section is invalid. 'CapacityProviderName' is not a supported property of 'CapacityProvider'. Must be one of the following values - ['VpcConfig', 'OperatorRole', 'Tags', 'InstanceRequirements', 'ScalingConfig', 'KmsKeyArn', 'PropagateTags']",
    ]);
  });
});
