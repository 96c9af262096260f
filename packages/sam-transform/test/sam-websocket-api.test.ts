import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

type Resource = { Type: string; DependsOn?: unknown; Properties: Record<string, unknown> };
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/sam/websocket-api.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const options = { region: 'us-east-1', accountId: '123456789012' };

// Expected values as samtranslator 1.110 writes them for the fixture (the parity test compares all of it).
describe('AWS::Serverless::WebSocketApi', () => {
  const result = transformSam(fixture, options);
  const resources = result.template['Resources'] as Record<string, Resource>;

  it('makes a WEBSOCKET Api and a Route, Integration and Permission per route', () => {
    expect(result.errors).toEqual([]);
    expect(resources['ChatApi']?.Properties).toEqual({
      Name: 'ChatApi',
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
      Tags: { Team: 'chat', 'websocketapi:createdBy': 'SAM' },
    });
    expect(resources['ChatApiSendmessageRoute']?.Properties).toEqual({
      RouteKey: 'sendMessage',
      ApiId: { Ref: 'ChatApi' },
      Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'ChatApiSendmessageIntegration' }]] },
    });
    expect(resources['ChatApiSendmessageIntegration']?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      TimeoutInMillis: 10000,
    });
    expect(resources['ChatApiDefaultPermission']?.Properties['SourceArn']).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ChatApi.ApiId}/prod/$default',
    });
  });

  it('puts the CUSTOM authorizer on $connect with its invoke permission', () => {
    expect(resources['ChatApiConnectRoute']?.Properties).toMatchObject({
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: 'ChatApiConnectAuthorizer' },
      RequestParameters: { 'route.request.header.Auth': { Required: true } },
    });
    expect(resources['ChatApiConnectAuthorizer']?.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.header.Auth'],
      Name: 'ChatApiConnectAuthorizer',
    });
    expect(resources['ChatApiAuthorizerPermission']?.Properties['FunctionName']).toEqual({
      'Fn::GetAtt': ['Authorizer', 'Arn'],
    });
  });

  it('makes the stage after the routes its RouteSettings name, with the propagated Tags, and the custom domain', () => {
    expect(resources['ChatApiprodStage']?.DependsOn).toEqual([
      'ChatApiConnectRoute',
      'ChatApiSendmessageRoute',
      'ChatApiDefaultRoute',
    ]);
    expect(resources['ChatApiprodStage']?.Properties['Tags']).toEqual({ Team: 'chat', 'websocketapi:createdBy': 'SAM' }); // prettier-ignore
    expect(resources['ChatApichatApiMapping']?.Properties).toMatchObject({ ApiMappingKey: 'chat' });
    expect(resources['RecordSetGroup22b77bea9d']?.Properties['HostedZoneName']).toBe('example.com.');
  });

  it('reports samtranslator errors for bad routes, stages and auth', () => {
    const ws = (properties: Record<string, unknown>) => ({
      Type: 'AWS::Serverless::WebSocketApi',
      Properties: { RouteSelectionExpression: '$request.body.action', ...properties },
    });
    const route = { FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' };
    const { errors } = transformSam(
      {
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          NoRoutes: ws({}),
          BadKey: ws({ Routes: { 'send-message': route } }),
          DefaultStage: ws({ Routes: { $default: route }, StageName: '$default' }),
          NoConnect: ws({ Routes: { $default: route }, Auth: { AuthType: 'AWS_IAM' } }),
          IamExtra: ws({ Routes: { $connect: route }, Auth: { AuthType: 'AWS_IAM', AuthArn: 'x' } }),
          NoFunction: ws({ Routes: { $default: {} } }),
        },
      },
      options,
    );
    expect(errors).toEqual([
      "Resource with id [BadKey] is invalid. Route key 'send-message' must be alphanumeric. Only $connect, $disconnect, and $default special routes are supported.",
      'Resource with id [DefaultStage] is invalid. Stages cannot be named $default for WebSocket APIs.',
      'Resource with id [IamExtra] is invalid. No additional configurations supported for AuthType AWS_IAM.',
      'Resource with id [NoConnect] is invalid. Authorization is only available if there is a $connect route.',
      'Resource with id [NoFunction] is invalid. Route must have associated function.',
      "Resource with id [NoRoutes] is invalid. Missing required property 'Routes'.",
    ]);
  });
});
