import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'ap-southeast-1', accountId: '123456789012' };

/** A function with one `GET /` Api event having `event` as extra properties. */
const fn = (event: Record<string, unknown>) => ({
  Type: 'AWS::Serverless::Function',
  Properties: {
    CodeUri: 's3://bucket/key.zip',
    Handler: 'index.handler',
    Runtime: 'nodejs20.x',
    Events: { GetHtml: { Type: 'Api', Properties: { Path: '/', Method: 'get', ...event } } },
  },
});

describe('errors Api events raise while they edit the swagger', () => {
  it('are each function’s own, and a failed event leaves its method free for the next function', () => {
    const result = transformSam(
      {
        Resources: {
          AFunction: fn({ RequestParameters: ['Authorization'] }),
          BFunction: fn({ RequestParameters: ['method.request.invalid.Authorization'] }),
        },
      },
      options,
    );
    const invalid =
      "Event with id [GetHtml] is invalid. Invalid value for 'RequestParameters' property. Keys must be in the format 'method.request.[querystring|path|header].{value}', e.g 'method.request.header.Authorization'.";
    expect(result.errors).toEqual([
      `Resource with id [AFunction] is invalid. ${invalid}`,
      `Resource with id [BFunction] is invalid. ${invalid}`,
    ]);
  });

  it('are reported beside the API’s own error', () => {
    const result = transformSam(
      {
        Resources: {
          MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'Prod', Models: ['User'] } },
          MyFunction: fn({ RestApiId: { Ref: 'MyApi' }, RequestModel: { Model: 'User' } }),
        },
      },
      options,
    );
    expect(result.errors).toEqual([
      "Resource with id [MyApi] is invalid. Property 'Models' should be a map.",
      'Resource with id [MyFunction] is invalid. Event with id [GetHtml] is invalid. Unable to set RequestModel [User] on API method [get] for path [/] because the related API Models defined is of invalid type.',
    ]);
  });

  it('print a list in their message as Python 3 prints it', () => {
    const result = transformSam(
      {
        Resources: {
          MyApi: {
            Type: 'AWS::Serverless::Api',
            Properties: {
              StageName: 'Prod',
              Auth: {
                Authorizers: { Token: { FunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:a' } },
              },
            },
          },
          MyFunction: fn({ RestApiId: { Ref: 'MyApi' }, Auth: { Authorizer: ['NotString'] } }),
        },
      },
      options,
    );
    expect(result.errors).toEqual([
      "Resource with id [MyFunction] is invalid. Event with id [GetHtml] is invalid. Unable to set Authorizer [['NotString']] on API method [get] for path [/]. The method authorizer must be a string with a corresponding dict entry in the api authorizer.",
    ]);
  });

  it('end with the named API’s error when its Properties are not a map, before the function’s own checks', () => {
    const result = transformSam(
      {
        Resources: {
          MyFunction: {
            Type: 'AWS::Serverless::Function',
            Properties: {
              Runtime: 'python3.9',
              Events: { E: { Type: 'Api', Properties: { Path: '/', RestApiId: 'RestApi', Method: 'get' } } },
            },
          },
          RestApi: { Type: 'AWS::Serverless::Api', Properties: 123 },
        },
      },
      options,
    );
    expect(result.errors).toEqual(["Resource with id [RestApi] is invalid. Attribute 'Properties' should be a map."]);
  });
});
