import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'ap-southeast-1', accountId: '123456789012' };

/** An Api with ApiKeyRequired whose DefinitionBody gives `PUT /path` the security `security`, beside a function missing its Runtime. */
const template = (security: unknown) => ({
  Resources: {
    BrokenFunction: {
      Type: 'AWS::Serverless::Function',
      Properties: { CodeUri: 's3://bucket/key.zip', Handler: 'index.handler' },
    },
    MyApi: {
      Type: 'AWS::Serverless::Api',
      Properties: {
        StageName: 'demo',
        Auth: { ApiKeyRequired: true },
        DefinitionBody: {
          openapi: '3.0.3',
          paths: {
            '/path': { put: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: 'x' }, security } },
          },
        },
      },
    },
  },
});

describe('swagger errors samtranslator raises as an invalid document', () => {
  it('end the transform: the other resources’ errors are not reported', () => {
    expect(transformSam(template('not a list'), options).errors).toEqual([
      'Structure of the SAM template is invalid. Type of security for path /path method put must be a list',
    ]);
  });

  it('print a security entry that is not a map as Python prints the list', () => {
    expect(transformSam(template([[]]), options).errors).toEqual([
      'Structure of the SAM template is invalid. [] in Security for path /path method put is not a valid dictionary.',
    ]);
  });
});
