import { describe, expect, it } from 'vitest';
import { transformSam, type SamTransformOptions } from '../src/index.ts';

const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** The function role's ManagedPolicyArns for `Policies`, under the given lookup options. */
function managedArns(policies: unknown[], lookup: Partial<SamTransformOptions> = {}): unknown[] {
  const { template, errors } = transformSam(
    {
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', CodeUri: 's3://b/k.zip', Policies: policies },
        },
      },
    },
    { region: 'us-east-1', accountId: '123456789012', ...lookup },
  );
  expect(errors).toEqual([]);
  const resources = template['Resources'] as Record<string, { Properties: Record<string, unknown> }>;
  return resources['FnRole']!.Properties['ManagedPolicyArns'] as unknown[];
}

describe('managed policy names in Policies', () => {
  it('with AWS’s list given, convert its names and keep unknown names as written, as samtranslator does', () => {
    const awsManagedPolicies = {
      AmazonS3FullAccess: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
      AmazonAPIGatewayPushToCloudWatchLogs: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
    };
    expect(
      managedArns(
        [
          'AmazonS3FullAccess',
          'AmazonAPIGatewayPushToCloudWatchLogs',
          'AnyNonOfficialPolicy',
          'arn:looks:like::an/arn',
        ],
        { awsManagedPolicies },
      ),
    ).toEqual([
      BASIC,
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
      'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
      'AnyNonOfficialPolicy',
      'arn:looks:like::an/arn',
    ]);
  });

  it('consult the caller’s map before AWS’s list', () => {
    expect(
      managedArns(['Team', 'AmazonS3FullAccess'], {
        managedPolicyArns: { Team: 'arn:aws:iam::123456789012:policy/team', AmazonS3FullAccess: 'arn:mine' },
        awsManagedPolicies: { Team: 'arn:aws:iam::aws:policy/Team' },
      }),
    ).toEqual([BASIC, 'arn:aws:iam::123456789012:policy/team', 'arn:mine']);
  });

  it('by default, give known names their IAM path and other names the path-less AWS managed policy ARN', () => {
    expect(managedArns(['AWSLambdaVPCAccessExecutionRole', 'ReadOnlyAccess'])).toEqual([
      BASIC,
      'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
  });

  it('never read an Object.prototype member for a name', () => {
    expect(managedArns(['constructor', 'toString'])).toEqual([
      BASIC,
      'arn:aws:iam::aws:policy/constructor',
      'arn:aws:iam::aws:policy/toString',
    ]);
    expect(managedArns(['constructor'], { managedPolicyArns: {}, awsManagedPolicies: {} })).toEqual([
      BASIC,
      'constructor',
    ]);
  });
});
