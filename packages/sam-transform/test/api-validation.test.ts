import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'us-east-1', accountId: '123456789012' };

function errorsOf(properties: Record<string, unknown>, globals?: Record<string, unknown>): string[] {
  return transformSam(
    {
      Transform: 'AWS::Serverless-2016-10-31',
      ...(globals ? { Globals: { Api: globals } } : {}),
      Resources: { Api: { Type: 'AWS::Serverless::Api', Properties: properties } },
    },
    options,
  ).errors;
}

// Messages as samtranslator 1.110 words them for the same templates.
describe('AWS::Serverless::Api property checks', () => {
  it('rejects a property the type does not define', () => {
    expect(errorsOf({ StageName: 'v1', SomeProperty: 1 })).toEqual([
      'Resource with id [Api] is invalid. property SomeProperty not defined for resource of type AWS::Serverless::Api',
    ]);
  });

  it('names the expected type of maps and strings, and calls other types invalid', () => {
    expect(errorsOf({ StageName: 'v1', DefinitionBody: 'x' })).toEqual([
      "Resource with id [Api] is invalid. Property 'DefinitionBody' should be a map.",
    ]);
    expect(errorsOf({ StageName: 'v1', Description: 3 })).toEqual([
      "Resource with id [Api] is invalid. Property 'Description' should be a string.",
    ]);
    expect(errorsOf({ StageName: 'v1', FailOnWarnings: 'yes' })).toEqual([
      "Resource with id [Api] is invalid. Type of property 'FailOnWarnings' is invalid.",
    ]);
    expect(errorsOf({ Name: 'n' })).toEqual([
      "Resource with id [Api] is invalid. Missing required property 'StageName'.",
    ]);
  });

  it('leaves intrinsic values to CloudFormation', () => {
    expect(errorsOf({ StageName: { Ref: 'Stage' }, FailOnWarnings: { Ref: 'Strict' } })).toEqual([]);
  });

  it('rejects Globals.Api properties samtranslator does not merge', () => {
    expect(errorsOf({ StageName: 'v1' }, { StageName: 'x' })[0]).toMatch(
      /^'Globals' section is invalid\. 'StageName' is not a supported property of 'Api'\. Must be one of the following values - \['Auth', 'Name', /,
    );
  });

  it('reads a numeric OpenApiVersion of a managed Api as the 3.x text it was written as', () => {
    const resources = transformSam(
      {
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: { Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'v1', OpenApiVersion: 3.0 } } },
      },
      options,
    ).template['Resources'] as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    expect((resources['Api']!.Properties['Body'] as Record<string, unknown>)['openapi']).toBe('3.0');
    // samtranslator: ApiDeployment with the hash over the definition and '3.0'.
    expect(Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::ApiGateway::Deployment')).toEqual([
      'ApiDeploymenta869130ad2',
    ]);
  });

  it('words swagger problems as samtranslator does: an endpoint configuration that is not a map, an empty Cors origin', () => {
    expect(
      errorsOf({
        StageName: 'v1',
        DisableExecuteApiEndpoint: true,
        DefinitionBody: { swagger: '2.0', paths: {}, 'x-amazon-apigateway-endpoint-configuration': 'x' },
      }),
    ).toEqual([
      "Structure of the SAM template is invalid. Invalid OpenAPI definition: The value of 'x-amazon-apigateway-endpoint-configuration' should be a map.",
    ]);
    expect(
      errorsOf({
        StageName: 'v1',
        Cors: { AllowOrigin: '' },
        DefinitionBody: { swagger: '2.0', paths: { '/': { get: {} } } },
      }),
    ).toEqual([
      'Resource with id [Api] is invalid. Structure of the SAM template is invalid. Invalid input. Value for AllowedOrigins is required',
    ]);
  });

  // samtranslator's current source and its corpus word this (1.110 itself fails with a TypeError).
  it('rejects a DefinitionBody whose securityDefinitions is not a map when authorizers are added', () => {
    expect(
      errorsOf({
        StageName: 'v1',
        Auth: { Authorizers: { Pool: { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/p' } } },
        DefinitionBody: { swagger: '2.0', paths: {}, securityDefinitions: ['x'] },
      }),
    ).toEqual(['Structure of the SAM template is invalid. securityDefinitions must be a dictionary.']);
  });
});
