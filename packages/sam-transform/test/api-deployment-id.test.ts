import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

// The Deployment's logical id hashes Python's str() of the swagger; these ids are samtranslator 1.110's own.
const options = { region: 'ap-southeast-1', accountId: '123456789012' };

const deployments = (template: Record<string, unknown>): string[] => {
  const result = transformSam(template, options);
  expect(result.errors).toEqual([]);
  return Object.keys(result.template['Resources'] as Record<string, unknown>).filter((id) => id.includes('Deployment'));
};

/** A function with a GET `/` Api event on `MyApi`. */
const functionOnMyApi = (properties: Record<string, unknown>, eventProperties: Record<string, unknown> = {}) => ({
  Type: 'AWS::Serverless::Function',
  Properties: {
    CodeUri: 's3://bucket/key.zip',
    Handler: 'index.handler',
    Runtime: 'nodejs20.x',
    ...properties,
    Events: {
      Get: { Type: 'Api', Properties: { RestApiId: { Ref: 'MyApi' }, Path: '/', Method: 'get', ...eventProperties } },
    },
  },
});

describe('RestApi Deployment ids', () => {
  it('hash an event resource policy’s stage as the template’s StageName string', () => {
    const ids = deployments({
      Resources: {
        Fn: functionOnMyApi({}, { Auth: { ResourcePolicy: { AwsAccountWhitelist: ['123456789012'] } } }),
        MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'Prod' } },
      },
    });
    expect(ids).toEqual(['MyApiDeployment8e2c995c15']);
  });

  it('hash a whole-number swagger version as the float YAML’s `swagger: 2.0` is', () => {
    const ids = deployments({
      Resources: {
        MyApi: {
          Type: 'AWS::Serverless::Api',
          Properties: { StageName: 'Prod', DefinitionBody: { swagger: 2.0, info: { title: 't' }, paths: {} } },
        },
      },
    });
    expect(ids).toEqual(['MyApiDeploymentc9cb3ace64']);
  });

  it('hash an intrinsic FunctionName of the API’s functions as Python’s str() of it, parameters inlined', () => {
    const ids = deployments({
      Parameters: { Prefix: { Type: 'String', Default: 'team' } },
      Resources: {
        Fn: functionOnMyApi({ FunctionName: { 'Fn::Sub': '${Prefix}-fn' } }),
        MyApi: {
          Type: 'AWS::Serverless::Api',
          Properties: { StageName: 'Prod', DefinitionUri: 's3://bucket/api.yaml' },
        },
      },
    });
    expect(ids).toEqual(['MyApiDeployment1d9f83c8c5']);
  });
});
