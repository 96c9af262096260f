import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'ap-southeast-1', accountId: '123456789012' };

describe('parameter references samtranslator resolves', () => {
  it('refuse a list parameter in Fn::Sub with samtranslator’s words, ending the transform', () => {
    const result = transformSam(
      {
        Parameters: { Names: { Type: 'CommaDelimitedList', Default: ['a', 'b'] } },
        Resources: {
          Broken: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'index.handler' } },
          MyApi: {
            Type: 'AWS::Serverless::Api',
            Properties: {
              StageName: 'Prod',
              Auth: {
                ResourcePolicy: {
                  CustomStatements: [{ Effect: 'Allow', Action: 'x', Resource: { 'Fn::Sub': '${Names}' } }],
                },
              },
            },
          },
        },
      },
      options,
    );
    expect(result.errors).toEqual([
      "Structure of the SAM template is invalid. Invalid Fn::Sub variable value ['a', 'b']. Fn::Sub expects all variables to be strings.",
    ]);
  });
});
