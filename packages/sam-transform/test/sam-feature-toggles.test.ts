import { describe, expect, it } from 'vitest';
import { transformSam, type SamFeatureToggle } from '../src/index.ts';

// The expectations are samtranslator 1.110's output with its feature toggles off and all on.
const resourcesOf = (template: Record<string, unknown>, featureToggles: readonly SamFeatureToggle[]) => {
  const result = transformSam(template, { region: 'ap-southeast-1', accountId: '123456789012', featureToggles });
  expect(result.errors).toEqual([]);
  return result.template['Resources'] as Record<string, Record<string, unknown>>;
};

describe('samtranslator feature toggles', () => {
  const api = {
    Resources: {
      MyApi: {
        Type: 'AWS::Serverless::Api',
        Properties: {
          StageName: 'prod',
          OpenApiVersion: '2.0',
          DefinitionBody: {
            openapi: '3.0.1',
            info: { title: 't', version: '1' },
            paths: {},
            securityDefinitions: { key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
          },
        },
      },
    },
  };
  const scheme = { key: { type: 'apiKey', name: 'x-api-key', in: 'header' } };

  it('normalized_open_api_version: an OpenAPI 3 body gets components despite OpenApiVersion 2.0', () => {
    const off = resourcesOf(api, []);
    expect(off['MyApi']!['Properties']).toMatchObject({ Body: { securityDefinitions: scheme } });
    expect(Object.keys(off)).toContain('MyApiDeploymentd96f9e98f8');

    const on = resourcesOf(api, ['normalized_open_api_version']);
    const body = (on['MyApi']!['Properties'] as Record<string, Record<string, unknown>>)['Body']!;
    expect(body['components']).toEqual({ securitySchemes: scheme });
    expect(body).not.toHaveProperty('securityDefinitions');
    expect(Object.keys(on)).toContain('MyApiDeployment9a656e1c14');
  });

  it('deployment_preference_condition_fix: the CodeDeploy resources take the function’s Condition', () => {
    const template = {
      Conditions: { Live: { 'Fn::Equals': ['a', 'a'] } },
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Condition: 'Live',
          Properties: {
            CodeUri: 's3://b/k.zip',
            Handler: 'i.h',
            Runtime: 'nodejs20.x',
            AutoPublishAlias: 'live',
            DeploymentPreference: { Type: 'AllAtOnce' },
          },
        },
      },
    };
    const codeDeploy = ['FnDeploymentGroup', 'CodeDeployServiceRole', 'ServerlessDeploymentApplication'];
    const conditions = (toggles: readonly SamFeatureToggle[]) => {
      const resources = resourcesOf(template, toggles);
      return codeDeploy.map((id) => resources[id]!['Condition']);
    };
    expect(conditions([])).toEqual([undefined, undefined, undefined]);
    expect(conditions(['deployment_preference_condition_fix'])).toEqual(['Live', 'Live', 'Live']);
  });
});
