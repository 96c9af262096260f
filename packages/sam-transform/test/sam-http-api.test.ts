import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/sam/http-api-events.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('AWS::Serverless::HttpApi and HttpApi events', () => {
  // As samtranslator 1.110 transforms the fixture.
  const result = transformSam(fixture, { region: 'us-east-1', accountId: '123456789012' });
  const resources = result.template['Resources'] as Resources;

  it('makes ServerlessHttpApi and each HTTP API an ApiGatewayV2 Api with an auto-deployed $default stage', () => {
    expect(result.errors).toEqual([]);
    expect(Object.keys(resources).sort()).toEqual([
      'Catch', 'CatchAllPermission', 'CatchRole', 'Item', 'ItemGetPermission', 'ItemPutPermission', 'ItemRole',
      'Orders', 'OrdersApiGatewayDefaultStage', 'ServerlessHttpApi', 'ServerlessHttpApiApiGatewayDefaultStage',
    ]); // prettier-ignore
    expect(resources['OrdersApiGatewayDefaultStage']?.Properties).toEqual({
      ApiId: { Ref: 'Orders' },
      AutoDeploy: true,
      StageName: '$default',
      Tags: { Team: 'orders', 'httpapi:createdBy': 'SAM' },
    });
  });

  it('routes events without Path and Method to $default, and path parameters into the operation', () => {
    const paths = (resources['ServerlessHttpApi']!.Properties['Body'] as { paths: Record<string, unknown> }).paths;
    expect(Object.keys(paths)).toEqual(['$default', '/ping', '/items/{id}']);
    expect(paths['/items/{id}']).toMatchObject({ get: { parameters: [{ name: 'id', in: 'path', required: true }] } });
  });

  it('gives no permission for routes a function already serves through its own $default route', () => {
    expect(resources['CatchPingPermission']).toBeUndefined();
    const arn = (resources['ItemPutPermission']!.Properties['SourceArn'] as { 'Fn::Sub': [string, unknown] })[
      'Fn::Sub'
    ];
    expect(arn).toEqual([
      'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/*/orders/*',
      { __ApiId__: { Ref: 'Orders' }, __Stage__: '*' },
    ]);
  });
});
