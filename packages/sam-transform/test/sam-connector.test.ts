import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'eu-west-1', accountId: '123456789012' };
type Resources = Record<string, Record<string, unknown>>;
const fn = {
  Type: 'AWS::Serverless::Function',
  Properties: { Runtime: 'python3.12', Handler: 'a.b', InlineCode: 'x' },
};

function transform(resources: Record<string, unknown>) {
  return transformSam({ Transform: 'AWS::Serverless-2016-10-31', Resources: resources }, options);
}

describe('AWS::Serverless::Connector', () => {
  it('gives the function role a managed policy on the table and rewires DependsOn to it', () => {
    const result = transform({
      Fn: fn,
      Table: { Type: 'AWS::DynamoDB::Table' },
      Conn: {
        Type: 'AWS::Serverless::Connector',
        Properties: { Source: { Id: 'Fn' }, Destination: { Id: 'Table' }, Permissions: ['Read'] },
      },
      Waiter: { Type: 'AWS::SQS::Queue', DependsOn: 'Conn' },
    });
    expect(result.errors).toEqual([]);
    const resources = result.template['Resources'] as Resources;
    const arn = { 'Fn::GetAtt': ['Table', 'Arn'] };
    expect(resources['ConnPolicy']).toEqual({
      Type: 'AWS::IAM::ManagedPolicy',
      Metadata: {
        'aws:sam:connectors': {
          Conn: { Source: { Type: 'AWS::Serverless::Function' }, Destination: { Type: 'AWS::DynamoDB::Table' } },
        },
      },
      Properties: {
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']),
              Resource: [arn, { 'Fn::Sub': ['${DestinationArn}/index/*', { DestinationArn: arn }] }],
            },
          ],
        },
        Roles: [{ Ref: 'FnRole' }],
      },
    });
    expect(resources['Conn']).toBeUndefined();
    expect(resources['Waiter']!['DependsOn']).toEqual(['ConnPolicy']);
  });

  it('expands embedded Connectors, and makes the event source mapping wait for the queue policy', () => {
    const result = transform({
      Fn: fn,
      Queue: {
        Type: 'AWS::SQS::Queue',
        Connectors: { ToFn: { Properties: { Destination: { Id: 'Fn' }, Permissions: ['Read', 'Write'] } } },
      },
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] } },
      },
    });
    expect(result.errors).toEqual([]);
    const resources = result.template['Resources'] as Resources;
    expect(resources['Queue']).toEqual({ Type: 'AWS::SQS::Queue' });
    expect(resources['QueueToFnPolicy']!['Properties']).toMatchObject({ Roles: [{ Ref: 'FnRole' }] });
    expect(resources['Mapping']!['DependsOn']).toEqual(['QueueToFnPolicy']);
  });

  it('generates one Lambda permission per destination of a list, with samtranslator’s names', () => {
    const result = transform({
      Fn: fn,
      Other: fn,
      Topic: {
        Type: 'AWS::SNS::Topic',
        Connectors: {
          Invoke: { Properties: { Destination: [{ Id: 'Fn' }, { Id: 'Other' }], Permissions: ['Write'] } },
        },
      },
    });
    expect(result.errors).toEqual([]);
    const resources = result.template['Resources'] as Resources;
    expect(resources['TopicInvokeWriteLambdaPermissionDestination1']!['Properties']).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': ['Other', 'Arn'] },
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: 'Topic' },
    });
    expect(resources).toHaveProperty('TopicInvokeWriteLambdaPermissionDestination0');
  });

  it('reports every bad connector with samtranslator’s messages', () => {
    const result = transform({
      Fn: fn,
      Queue: { Type: 'AWS::SQS::Queue', Connectors: { Dup: { Properties: { Destination: { Id: 'Fn' } } } } },
      QueueDup: { Type: 'AWS::SQS::Queue' },
      Unsupported: {
        Type: 'AWS::Serverless::Connector',
        Properties: { Source: { Id: 'Queue' }, Destination: { Id: 'QueueDup' }, Permissions: ['Write'] },
      },
      Combination: {
        Type: 'AWS::Serverless::Connector',
        Properties: { Source: { Id: 'Queue' }, Destination: { Id: 'Fn' }, Permissions: ['Write'] },
      },
      Inherited: {
        Type: 'AWS::Serverless::Connector',
        Properties: { Source: { Id: 'Fn' }, Destination: { Id: 'QueueDup' }, Permissions: ['constructor'] },
      },
    });
    expect(result.errors).toEqual([
      "Resource with id [Combination] is invalid. Unsupported 'Permissions' provided for connector from AWS::SQS::Queue to AWS::Lambda::Function; valid combinations are: Read + Write.",
      "Resource with id [Inherited] is invalid. Unsupported 'Permissions' provided for connector from AWS::Lambda::Function to AWS::SQS::Queue; valid values are: Read, Write.",
      "Resource with id [QueueDup] is invalid. Missing required property 'Permissions'.",
      "Resource with id [Unsupported] is invalid. Unable to create connector from AWS::SQS::Queue to AWS::SQS::Queue; it's not supported or the template is invalid.",
    ]);
  });
});
