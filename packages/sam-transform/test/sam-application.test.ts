import { describe, expect, it } from 'vitest';
import { transformSam, type ServerlessApplicationRepository } from '../src/index.ts';

const options = { region: 'eu-west-1', accountId: '123456789012' };
const app = (location: unknown) => ({
  Transform: 'AWS::Serverless-2016-10-31',
  Parameters: { Version: { Type: 'String', Default: '1.2.3' } },
  Resources: { App: { Type: 'AWS::Serverless::Application', Properties: { Location: location } } },
});
const sarLocation = {
  ApplicationId: 'arn:aws:serverlessrepo:eu-west-1:1:applications/x',
  SemanticVersion: { Ref: 'Version' },
};

describe('AWS::Serverless::Application with a Serverless Application Repository location', () => {
  it('takes the template URL the repository gives, with the parameter Ref resolved, and tags the stack', () => {
    const asked: string[] = [];
    const repository: ServerlessApplicationRepository = {
      createCloudFormationTemplate(applicationId, semanticVersion) {
        asked.push(`${applicationId}@${semanticVersion}`);
        return { applicationId, templateId: 't', templateUrl: 'https://sar/t.yaml', status: 'ACTIVE' };
      },
    };
    const result = transformSam(app(sarLocation), { ...options, serverlessApplicationRepository: repository });
    expect(result.errors).toEqual([]);
    expect(asked).toEqual(['arn:aws:serverlessrepo:eu-west-1:1:applications/x@1.2.3']);
    expect((result.template['Resources'] as Record<string, unknown>)['App']).toEqual({
      Type: 'AWS::CloudFormation::Stack',
      Properties: {
        TemplateURL: 'https://sar/t.yaml',
        Tags: [
          { Key: 'lambda:createdBy', Value: 'SAM' },
          { Key: 'serverlessrepo:applicationId', Value: 'arn:aws:serverlessrepo:eu-west-1:1:applications/x' },
          { Key: 'serverlessrepo:semanticVersion', Value: '1.2.3' },
        ],
      },
    });
  });

  it('reports the repository’s refusal and a template that never becomes active, and names the application without a repository', () => {
    const refusing: ServerlessApplicationRepository = {
      createCloudFormationTemplate: (applicationId) => ({ error: `Cannot access application: ${applicationId}.` }),
    };
    expect(transformSam(app(sarLocation), { ...options, serverlessApplicationRepository: refusing }).errors).toEqual([
      'Resource with id [App] is invalid. Cannot access application: arn:aws:serverlessrepo:eu-west-1:1:applications/x.',
    ]);
    const preparing: ServerlessApplicationRepository = {
      createCloudFormationTemplate: (applicationId) => ({
        applicationId,
        templateId: 't',
        templateUrl: 'u',
        status: 'PREPARING',
      }),
      awaitActive: (templates) => [...templates],
    };
    expect(transformSam(app(sarLocation), { ...options, serverlessApplicationRepository: preparing }).errors).toEqual([
      "Resource with id [['arn:aws:serverlessrepo:eu-west-1:1:applications/x']] is invalid. Timed out waiting for nested stack templates to reach ACTIVE status.",
    ]);
    expect(transformSam(app(sarLocation), options).errors).toEqual([
      'Resource with id [App] is invalid. Cannot resolve application arn:aws:serverlessrepo:eu-west-1:1:applications/x version 1.2.3: the Serverless Application Repository is not reachable from the local transform; give Location a template URL instead.',
    ]);
    expect(transformSam(app({ ApplicationId: { 'Fn::Sub': 'x' }, SemanticVersion: '1' }), options).errors).toEqual([
      "Resource with id [App] is invalid. Property 'ApplicationId' cannot be resolved. Only FindInMap and Ref intrinsic functions are supported.",
    ]);
  });
});
