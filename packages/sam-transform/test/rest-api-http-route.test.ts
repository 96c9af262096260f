import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

// HttpApi events that name a REST Api edit its swagger as samtranslator does: its own keys and values are
// Python `str`, the template's `unicode`, and the Deployment id hashes that text (samtranslator 1.110's id).
const options = { region: 'ap-southeast-1', accountId: '123456789012' };

const template = {
  Resources: {
    Fn: {
      Type: 'AWS::Serverless::Function',
      Properties: {
        CodeUri: 's3://b/k.zip',
        Handler: 'i.h',
        Runtime: 'nodejs20.x',
        Events: {
          Everything: { Type: 'HttpApi', Properties: { ApiId: { Ref: 'MyApi' } } },
          Item: {
            Type: 'HttpApi',
            Properties: {
              ApiId: { Ref: 'MyApi' },
              Path: '/items/{id}',
              Method: 'GET',
              TimeoutInMillis: 5000,
              PayloadFormatVersion: '1.0',
              Auth: { Authorizer: 'MyAuth' },
            },
          },
        },
      },
    },
    MyApi: {
      Type: 'AWS::Serverless::Api',
      Properties: {
        StageName: 'Prod',
        Auth: { Authorizers: { MyAuth: { FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:auth' } } },
        DefinitionBody: {
          openapi: '3.0',
          info: { title: 't' },
          paths: {
            '/items/{id}': {
              post: {
                'x-amazon-apigateway-integration': {
                  httpMethod: 'POST',
                  type: 'http_proxy',
                  uri: 'https://example.com/',
                },
              },
            },
          },
        },
      },
    },
  },
};

describe('HttpApi events on a REST Api', () => {
  it('write their routes into its swagger with samtranslator’s string types, which the Deployment id hashes', () => {
    const result = transformSam(template, options);
    expect(result.errors).toEqual([]);
    const resources = result.template['Resources'] as Record<string, { Properties: Record<string, unknown> }>;
    expect(Object.keys(resources).filter((id) => id.includes('Deployment'))).toEqual(['MyApiDeployment7239c594ad']);
    const paths = (resources['MyApi']!.Properties['Body'] as { paths: Record<string, Record<string, unknown>> }).paths;
    expect(paths['$default']!['x-amazon-apigateway-any-method']).toMatchObject({ isDefaultRoute: true });
    expect(paths['/items/{id}']!['get']).toMatchObject({
      'x-amazon-apigateway-integration': { type: 'aws_proxy', payloadFormatVersion: '1.0', timeoutInMillis: 5000 },
      parameters: [{ name: 'id', in: 'path', required: true }],
      security: [{ MyAuth: [] }],
    });
  });

  it('fail on a REST Api without a DefinitionBody: samtranslator gave it the swagger skeleton, no OpenAPI 3 body', () => {
    const fn = template.Resources.Fn;
    const events = {
      Item: { Type: 'HttpApi', Properties: { ApiId: { Ref: 'MyApi' }, Path: '/items', Method: 'GET' } },
    };
    const result = transformSam(
      {
        Resources: {
          Fn: { ...fn, Properties: { ...fn.Properties, Events: events } },
          MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'Prod' } },
        },
      },
      options,
    );
    expect(result.errors).toEqual([
      "Resource with id [MyApi] is invalid. Structure of the SAM template is invalid. Invalid OpenApi document. Invalid values or missing keys for 'openapi' or 'paths' in 'DefinitionBody'.",
    ]);
  });
});
