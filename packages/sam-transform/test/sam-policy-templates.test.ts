import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'eu-west-1', accountId: '123456789012' };

/** The role policies samtranslator makes of a function's `Policies`. */
function rolePolicies(policies: unknown[]): unknown[] {
  const result = transformSam(
    {
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: { Runtime: 'python3.12', Handler: 'a.b', InlineCode: 'x', Policies: policies },
        },
      },
    },
    options,
  );
  expect(result.errors).toEqual([]);
  expect(result.notEmulated).toEqual([]);
  const role = (result.template['Resources'] as Record<string, { Properties: Record<string, unknown> }>)['FnRole']!;
  return (role.Properties['Policies'] as Array<{ PolicyDocument: unknown }>).map((policy) => policy.PolicyDocument);
}

describe('policy templates', () => {
  it('expands conditions with two parameters bound by name', () => {
    expect(rolePolicies([{ EFSWriteAccessPolicy: { FileSystem: 'fs-1', AccessPoint: { Ref: 'Ap' } } }])).toEqual([
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
            Resource: {
              'Fn::Sub': [
                'arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FileSystem}',
                { FileSystem: 'fs-1' },
              ],
            },
            Condition: {
              StringEquals: {
                'elasticfilesystem:AccessPointArn': {
                  'Fn::Sub': [
                    'arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/${AccessPoint}',
                    { AccessPoint: { Ref: 'Ap' } },
                  ],
                },
              },
            },
          },
        ],
      },
    ]);
  });

  it('keeps samtranslator’s single-string actions, one-item resource lists and parameterless Subs', () => {
    const [emr, polly, repo] = rolePolicies([
      { ElasticMapReduceTerminateJobFlowsPolicy: { ClusterId: 'j-1' } },
      { PollyFullAccessPolicy: { LexiconName: 'lex' } },
      { ServerlessRepoReadWriteAccessPolicy: {} },
    ]) as Array<{ Statement: Array<Record<string, unknown>> }>;
    expect(emr!.Statement[0]!['Action']).toBe('elasticmapreduce:TerminateJobFlows');
    expect(polly!.Statement[1]!['Resource']).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:polly:${AWS::Region}:${AWS::AccountId}:lexicon/*' },
    ]);
    expect(repo!.Statement[0]!['Resource']).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:serverlessrepo:${AWS::Region}:${AWS::AccountId}:applications/*' },
    ]);
  });

  it('binds a variable to its parameter whatever the case (pipelinename → PipelineName)', () => {
    const [document] = rolePolicies([{ CodePipelineReadOnlyPolicy: { PipelineName: 'p' } }]) as Array<{
      Statement: Array<Record<string, unknown>>;
    }>;
    expect(document!.Statement[0]!['Resource']).toEqual({
      'Fn::Sub': [
        'arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${pipelinename}',
        { pipelinename: 'p' },
      ],
    });
  });
});
