import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Body = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { securitySchemes: Record<string, unknown> };
  [key: string]: unknown;
};
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/sam/http-api-full.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const options = { region: 'us-east-1', accountId: '123456789012' };

// Expected values as samtranslator 1.110 writes them for the fixture (the parity test compares all of it).
describe('AWS::Serverless::HttpApi features', () => {
  const result = transformSam(fixture, options);
  const resources = result.template['Resources'] as Record<string, Resource>;
  const body = resources['Orders']!.Properties['Body'] as Body;

  it('adds JWT, Lambda and IAM authorizers as security schemes, the default authorizer and event Auth on routes', () => {
    expect(result.errors).toEqual([]);
    expect(Object.keys(body.components.securitySchemes).sort()).toEqual(['AWS_IAM', 'Jwt', 'Lambda']);
    expect(body.components.securitySchemes['Jwt']).toEqual({
      type: 'oauth2',
      'x-amazon-apigateway-authorizer': {
        jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['orders'] },
        identitySource: '$request.header.Authorization',
        type: 'jwt',
      },
    });
    expect(body.components.securitySchemes['Lambda']).toMatchObject({
      'x-amazon-apigateway-authorizer': {
        type: 'request',
        authorizerResultTtlInSeconds: 60,
        identitySource: ['$request.header.Authorization'],
        authorizerPayloadFormatVersion: '2.0',
        enableSimpleResponses: true,
      },
    });
    expect(body.paths['/orders/{id}']!['get']!['security']).toEqual([{ Jwt: ['orders/read'] }]);
    expect(body.paths['/orders']!['post']!['security']).toEqual([{ Lambda: [] }]);
    expect(body.paths['/health']!['get']!['security']).toEqual([{ NONE: [] }]);
    expect(resources['OrdersLambdaAuthorizerPermission']?.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': ['AuthFn', 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: {
        'Fn::Sub': [
          'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*',
          { __ApiId__: { Ref: 'Orders' } },
        ],
      },
    });
  });

  it('writes CorsConfiguration, Name, Description, DisableExecuteApiEndpoint and Tags into the OpenAPI body', () => {
    expect(body['x-amazon-apigateway-cors']).toEqual({
      allowOrigins: ['https://shop.example.com'],
      allowMethods: ['GET', 'POST'],
      maxAge: 600,
      allowCredentials: true,
    });
    expect(body['info']).toEqual({ version: '1.0', title: 'orders-api', description: 'Orders' });
    expect(body['servers']).toEqual([{ 'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true } }]); // prettier-ignore
    expect(body['tags']).toEqual([
      { name: 'httpapi:createdBy', 'x-amazon-apigateway-tag-value': 'SAM' },
      { name: 'Team', 'x-amazon-apigateway-tag-value': 'orders' },
    ]);
    expect(resources['Orders']!.Properties['FailOnWarnings']).toBe(true);
    expect(body.paths['/orders/{id}']!['get']!['x-amazon-apigateway-integration']).toMatchObject({ timeoutInMillis: 5000 }); // prettier-ignore
  });

  it('makes the named stage with its settings, the event RouteSettings and the propagated Tags', () => {
    expect(resources['OrdersprodStage']?.Properties).toEqual({
      ApiId: { Ref: 'Orders' },
      StageName: 'prod',
      StageVariables: { Table: 'orders' },
      AccessLogSettings: {
        DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:orders',
        Format: '$context.requestId',
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 100 },
      RouteSettings: { 'GET /orders/{id}': { ThrottlingBurstLimit: 10 } },
      Tags: { Team: 'orders', 'httpapi:createdBy': 'SAM' },
      AutoDeploy: true,
    });
  });

  it('makes custom domains with mTLS, a mapping per base path and one Route53 group per hosted zone', () => {
    const domain = resources['ApiGatewayDomainNameV21bc412bb08']!;
    expect(domain.Properties['MutualTlsAuthentication']).toEqual({ TruststoreUri: 's3://trust/ca.pem' });
    expect(domain.Properties['Tags']).toEqual({ Team: 'orders', 'httpapi:createdBy': 'SAM' });
    expect(resources['Ordersv2ApiMapping']?.Properties).toEqual({
      DomainName: { Ref: 'ApiGatewayDomainNameV21bc412bb08' },
      ApiId: { Ref: 'Orders' },
      Stage: { Ref: 'OrdersprodStage' },
      ApiMappingKey: 'v2',
    });
    const records = resources['RecordSetGroupdc5493edf0']!.Properties['RecordSets'] as Array<Record<string, unknown>>;
    expect(records.map((record) => `${String(record['Name'])} ${String(record['Type'])}`)).toEqual([
      'api.example.com A',
      'api.example.com AAAA',
      'admin.example.com A',
    ]);
    expect(resources['Backoffice']?.Properties).toEqual({
      BodyS3Location: { Bucket: 'specs', Key: 'admin.yaml', Version: '3' },
    });
  });

  it('reports every invalid HttpApi at once, in samtranslator words', () => {
    const api = (properties: Record<string, unknown>) => ({ Type: 'AWS::Serverless::HttpApi', Properties: properties });
    const { errors } = transformSam(
      {
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          BadCors: api({ DefinitionUri: 's3://b/k', CorsConfiguration: true }),
          BadKey: api({ CorsConfiguration: { AllowOrigin: ['*'] } }),
          BadEndpoint: api({ DisableExecuteApiEndpoint: 'yes' }),
          BadDefault: api({ Auth: { DefaultAuthorizer: 'Missing', Authorizers: {} } }),
          BadBasePath: api({ Domain: { DomainName: 'a.example.com', CertificateArn: 'arn', BasePath: [1] } }),
          BadProperty: api({ Bogus: 1 }),
        },
      },
      options,
    );
    expect(errors).toEqual([
      "Resource with id [BadBasePath] is invalid. Basepath must be a string.",
      "Resource with id [BadCors] is invalid. Cors works only with inline OpenApi specified in 'DefinitionBody' property.",
      "Resource with id [BadDefault] is invalid. Unable to set DefaultAuthorizer because 'Missing' was not defined in 'Authorizers'.",
      "Resource with id [BadEndpoint] is invalid. Type of property 'DisableExecuteApiEndpoint' is invalid.",
      "Resource with id [BadKey] is invalid. Invalid key 'AllowOrigin' for 'Cors' property.",
      'Resource with id [BadProperty] is invalid. property Bogus not defined for resource of type AWS::Serverless::HttpApi',
    ]); // prettier-ignore
  });
});
