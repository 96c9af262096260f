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

describe('StateMachine Api events through the swagger editor', () => {
  const withEvent = (event: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    stateMachine({ Events: { MyApiEvent: { Type: 'Api', Properties: event } }, ...extra });
  const explicitApi = (properties: Record<string, unknown> = {}) => ({
    Type: 'AWS::Serverless::Api',
    Properties: { StageName: 'Prod', ...properties },
  });
  /** The state machine with one Api event on `POST /start` of an explicit `MyApi` (with `api` as its properties). */
  const onExplicitApi = (event: Record<string, unknown>, api: Record<string, unknown> = {}) =>
    transformSam(
      {
        Resources: {
          MyApi: explicitApi(api),
          StateMachine: withEvent({ RestApiId: { Ref: 'MyApi' }, Path: '/start', Method: 'post', ...event }),
        },
      },
      options,
    );
  const bodyOf = (result: ReturnType<typeof transformSam>, apiId: string) =>
    (result.template['Resources'] as Resources)[apiId]!.Properties['Body'] as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      'x-amazon-apigateway-policy'?: { Statement: Array<{ Resource: unknown[] }> };
    };

  it('sets the event’s authorizer on its method', () => {
    const result = onExplicitApi(
      { Method: 'POST', Auth: { Authorizer: 'Token' } },
      { Auth: { Authorizers: { Token: { FunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:auth' } } } },
    );
    expect(result.errors).toEqual([]);
    expect(bodyOf(result, 'MyApi').paths['/start']!['post']!['security']).toEqual([{ Token: [] }]);
  });

  it('reports an undefined authorizer as samtranslator does, without the resource prefix', () => {
    const result = onExplicitApi({ Auth: { Authorizer: 'Nope' } });
    expect(result.errors).toEqual([
      'Event with id [MyApiEvent] is invalid. Unable to set Authorizer [Nope] on API method [post] for path [/start] because the related API does not define any Authorizers.',
    ]);
  });

  it('wraps the integration and the method in the state machine’s Condition', () => {
    const result = transformSam(
      {
        Conditions: { Enabled: { 'Fn::Equals': ['a', 'a'] } },
        Resources: { StateMachine: { ...stateMachine(), Condition: 'Enabled' } },
      },
      options,
    );
    expect(result.errors).toEqual([]);
    const path = bodyOf(result, 'ServerlessRestApi').paths['/startMyExecution'] as Record<string, unknown>;
    const [pathCondition, item] = path['Fn::If'] as [string, { post: { 'Fn::If': unknown[] } }];
    expect(pathCondition).toBe('Enabled');
    expect(item.post['Fn::If'][0]).toBe('Enabled');
    const method = item.post['Fn::If'][1];
    expect(method).toMatchObject({
      'x-amazon-apigateway-integration': {
        uri: {
          'Fn::If': [
            'Enabled',
            { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution' },
            { Ref: 'AWS::NoValue' },
          ],
        },
      },
    });
  });

  it('writes the event’s resource policy with its own (unset) Stage', () => {
    const result = onExplicitApi({ Auth: { ResourcePolicy: { SourceVpcWhitelist: ['vpc-1234'] } } });
    expect(result.errors).toEqual([]);
    const statement = bodyOf(result, 'MyApi')['x-amazon-apigateway-policy']!.Statement[0]!;
    expect(statement.Resource[0]).toEqual({
      'Fn::Sub': ['execute-api:/${__Stage__}/POST/start', { __Stage__: null }],
    });
  });

  it('gives the implicit API the tags of a state machine that Globals.StateMachine makes propagate them', () => {
    const result = transformSam(
      {
        Globals: { StateMachine: { PropagateTags: true } },
        Resources: { StateMachine: stateMachine({ Tags: { Team: 'a' } }) },
      },
      options,
    );
    expect(result.errors).toEqual([]);
    expect((result.template['Resources'] as Resources)['ServerlessRestApi']!.Properties['Tags']).toEqual([
      { Key: 'Team', Value: 'a' },
    ]);
  });

  it('refuses an intrinsic UnescapeMappingTemplate', () => {
    const result = onExplicitApi({ UnescapeMappingTemplate: { 'Fn::If': ['C', true, false] } });
    expect(result.errors).toEqual([
      "Resource with id [StateMachineMyApiEvent] is invalid. Type of property 'UnescapeMappingTemplate' is invalid.",
    ]);
  });

  it('refuses a RestApiId that names no Api of the template', () => {
    const result = transformSam(
      { Resources: { StateMachine: withEvent({ RestApiId: { Ref: 'Missing' }, Path: '/start', Method: 'post' }) } },
      options,
    );
    expect(result.errors).toEqual([
      "Resource with id [StateMachine] is invalid. Event with id [MyApiEvent] is invalid. RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.",
    ]);
  });
});
