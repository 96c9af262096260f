import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'ap-southeast-1', accountId: '123456789012' };
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const stateMachine = (extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::Serverless::StateMachine',
  Properties: {
    Name: 'MyStateMachine',
    Type: 'STANDARD',
    Definition: {
      Comment: 'A Hello World example of the Amazon States Language using Pass states',
      StartAt: 'Hello',
      States: {
        Hello: { Type: 'Pass', Result: 'Hello', Next: 'World' },
        World: { Type: 'Pass', Result: 'World', End: true },
      },
    },
    Policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }],
    Events: { MyApiEvent: { Type: 'Api', Properties: { Path: '/startMyExecution', Method: 'post' } } },
    ...extra,
  },
});

describe('StateMachine Api events', () => {
  it('put a StartExecution integration on the implicit API, with the role it runs as and samtranslator’s deployment id', () => {
    const result = transformSam({ Resources: { StateMachine: stateMachine() } }, options);
    expect(result.errors).toEqual([]);
    expect(result.notEmulated).toEqual([]);
    const resources = result.template['Resources'] as Resources;
    expect(Object.keys(resources).sort()).toEqual([
      'ServerlessRestApi',
      'ServerlessRestApiDeployment05bc9f394c',
      'ServerlessRestApiProdStage',
      'StateMachine',
      'StateMachineMyApiEventRole',
      'StateMachineRole',
    ]);
    const body = resources['ServerlessRestApi']!.Properties['Body'] as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(body.paths['/startMyExecution']!['post']).toMatchObject({
      'x-amazon-apigateway-integration': {
        type: 'aws',
        uri: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution' },
        credentials: { 'Fn::GetAtt': ['StateMachineMyApiEventRole', 'Arn'] },
        requestTemplates: {
          'application/json': {
            'Fn::Sub': `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "\${StateMachine}"}`,
          },
        },
      },
    });
    expect(resources['StateMachineMyApiEventRole']!.Properties).toMatchObject({
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: ['apigateway.amazonaws.com'] } }] },
      Policies: [
        {
          PolicyName: 'StateMachineMyApiEventRoleStartExecutionPolicy',
          PolicyDocument: { Statement: [{ Action: 'states:StartExecution', Resource: { Ref: 'StateMachine' } }] },
        },
      ],
    });
  });

  it('starts the alias when the state machine makes it the events’ target', () => {
    const result = transformSam(
      { Resources: { StateMachine: stateMachine({ AutoPublishAlias: 'live', UseAliasAsEventTarget: true }) } },
      options,
    );
    expect(result.errors).toEqual([]);
    const body = (result.template['Resources'] as Resources)['ServerlessRestApi']!.Properties['Body'];
    expect(JSON.stringify(body)).toContain('\\"stateMachineArn\\": \\"${StateMachineAliaslive}\\"');
  });
});
