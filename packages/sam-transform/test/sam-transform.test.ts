import { describe, expect, it } from 'vitest';
import { parseTemplateText } from '@toolkit/template';
import { pythonJsonDumps, samLogicalId, transformSam, usesSamTransform } from '../src/index.ts';

const options = { region: 'us-east-1', accountId: '123456789012' };
type Resources = Record<string, Record<string, unknown> & { Properties: Record<string, unknown> }>;
const resourcesOf = (template: Record<string, unknown>) => template['Resources'] as Resources;

function fn(properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::Serverless::Function',
    ...extra,
    Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', CodeUri: 's3://b/k.zip', ...properties },
  };
}

describe('samLogicalId / pythonJsonDumps', () => {
  it('hashes like samtranslator: sorted keys, compact separators, SHA-1, 10 hex digits', () => {
    expect(pythonJsonDumps({ b: [1, true, null], a: 'x' })).toBe('{"a":"x","b":[1,true,null]}');
    expect(samLogicalId('FnVersion', { S3Bucket: 'mybucket', S3Key: 'k.zip', Variables: { A: '1' } })).toBe(
      'FnVersion62baaec936',
    );
  });

  it('escapes non-ASCII the way Python json.dumps does', () => {
    expect(pythonJsonDumps({ k: 'é✓\u007f' })).toBe('{"k":"\\u00e9\\u2713\\u007f"}');
    expect(pythonJsonDumps('😀')).toBe('"\\ud83d\\ude00"');
  });

  it('uses the prefix alone for empty data and a precomputed hash when given', () => {
    expect(samLogicalId('P', {})).toBe('P');
    expect(samLogicalId('P', { a: 1 }, '0123456789abcdef')).toBe('P0123456789');
  });
});

describe('transformSam', () => {
  it('transforms a YAML template with short tags parsed by parseTemplateText', () => {
    const text = [
      'Transform: AWS::Serverless-2016-10-31',
      'Parameters:',
      '  Bucket: {Type: String, Default: artifacts}',
      'Resources:',
      '  Layer:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties: {ContentUri: s3://artifacts/layer.zip}',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      Runtime: nodejs20.x',
      '      CodeUri: {Bucket: !Ref Bucket, Key: fn.zip}',
      '      Layers: [!Ref Layer]',
      '      Environment: {Variables: {QUEUE: !GetAtt Queue.Arn}}',
      '  Queue: {Type: AWS::SQS::Queue}',
    ].join('\n');
    const parsed = parseTemplateText(text, 'template.yaml');
    expect(parsed.diagnostics).toEqual([]);
    const result = transformSam(parsed.template!, options);
    expect(result.errors).toEqual([]);
    const resources = resourcesOf(result.template);
    const layerId = Object.keys(resources).find((id) => id.startsWith('Layer'))!;
    expect(layerId).toMatch(/^Layer[0-9a-f]{10}$/);
    expect(resources['Fn']!.Properties['Layers']).toEqual([{ Ref: layerId }]);
    expect(resources['Fn']!.Properties['Code']).toEqual({ S3Bucket: { Ref: 'Bucket' }, S3Key: 'fn.zip' });
    expect(resources['Fn']!.Properties['Environment']).toEqual({
      Variables: { QUEUE: { 'Fn::GetAtt': ['Queue', 'Arn'] } },
    });
    expect(resources['Queue']).toEqual({ Type: 'AWS::SQS::Queue' });
    expect(result.template['Transform']).toBeUndefined();
  });

  it('generates the execution role with the basic execution policy and the SAM tag', () => {
    const { template } = transformSam({ Resources: { Fn: fn({}) } }, { ...options, region: 'cn-north-1' });
    const role = resourcesOf(template)['FnRole']!;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties['ManagedPolicyArns']).toEqual([
      'arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
    expect(role.Properties['Tags']).toEqual([{ Key: 'lambda:createdBy', Value: 'SAM' }]);
    expect(resourcesOf(template)['Fn']!.Properties['Role']).toEqual({ 'Fn::GetAtt': ['FnRole', 'Arn'] });
  });

  it('changes the version logical id when the code location changes, not when the timeout does', () => {
    const versionId = (properties: Record<string, unknown>) =>
      Object.keys(
        resourcesOf(
          transformSam({ Resources: { Fn: fn({ AutoPublishAlias: 'live', ...properties }) } }, options).template,
        ),
      ).find((id) => id.startsWith('FnVersion'));
    const base = versionId({});
    expect(base).toMatch(/^FnVersion[0-9a-f]{10}$/);
    expect(versionId({ Timeout: 30 })).toBe(base);
    expect(versionId({ CodeUri: 's3://b/k2.zip' })).not.toBe(base);
    expect(versionId({ Environment: { Variables: { A: '1' } } })).not.toBe(base);
  });

  it('resolves parameter refs in the code of a published function, as samtranslator does', () => {
    const template = {
      Parameters: { Key: { Type: 'String' } },
      Resources: {
        Fn: fn({ CodeUri: { Bucket: 'b', Key: { 'Fn::Sub': '${Key}/fn.zip' } }, AutoPublishAlias: 'live' }),
      },
    };
    const a = transformSam(template, { ...options, parameterValues: { Key: 'build-1' } });
    const b = transformSam(template, { ...options, parameterValues: { Key: 'build-2' } });
    expect(resourcesOf(a.template)['Fn']!.Properties['Code']).toEqual({
      S3Bucket: 'b',
      S3Key: { 'Fn::Sub': 'build-1/fn.zip' },
    });
    expect(Object.keys(resourcesOf(a.template))).not.toEqual(Object.keys(resourcesOf(b.template)));
  });

  it('expands every policy template into the role, keeping each entry at its index in Policies', () => {
    const result = transformSam(
      {
        Resources: {
          Fn: fn({
            Policies: [
              { KinesisCrudPolicy: { StreamName: 's' } },
              { Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] },
            ],
            Events: { Http: { Type: 'HttpApi' } },
            FunctionUrlConfig: { AuthType: 'NONE' },
          }),
        },
      },
      options,
    );
    expect(result.errors).toEqual([]);
    expect(result.notEmulated).toEqual([]);
    const policies = resourcesOf(result.template)['FnRole']!.Properties['Policies'] as Array<Record<string, unknown>>;
    expect(policies.map((policy) => policy['PolicyName'])).toEqual(['FnRolePolicy0', 'FnRolePolicy1']);
    expect(policies[0]!['PolicyDocument']).toMatchObject({
      Statement: [
        {
          Effect: 'Allow',
          Action: expect.arrayContaining(['kinesis:PutRecord']),
          Resource: {
            'Fn::Sub': [
              'arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${streamName}',
              { streamName: 's' },
            ],
          },
        },
      ],
    });
  });

  it('reports unsupported serverless types as errors and returns the template unchanged', () => {
    const template = {
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: { Api: { Type: 'AWS::Serverless::Unknown', Properties: {} }, Fn: fn({}) },
    };
    const result = transformSam(template, options);
    expect(result.errors).toEqual([
      'Resource with id [Api] is invalid. AWS::Serverless::Unknown is not supported by the local SAM transform.',
    ]);
    expect(result.template).toEqual(template);
  });

  it('rejects an invalid Globals section as samtranslator does', () => {
    const result = transformSam(
      { Globals: { Function: { Events: {} }, Queue: {} }, Resources: { Fn: fn({}) } },
      options,
    );
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(
      /^'Globals' section is invalid\. 'Events' is not a supported property of 'Function'\./,
    );
    expect(result.errors[1]).toMatch(
      /^'Globals' section is invalid\. 'Queue' is not supported\. Must be one of the following values - \['Api', /,
    );
  });

  it('uses a caller-provided managed policy map first', () => {
    const { template } = transformSam(
      { Resources: { Fn: fn({ Policies: ['TeamPolicy', 'AmazonS3ReadOnlyAccess'] }) } },
      { ...options, managedPolicyArns: { TeamPolicy: 'arn:aws:iam::123456789012:policy/team' } },
    );
    expect(resourcesOf(template)['FnRole']!.Properties['ManagedPolicyArns']).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::123456789012:policy/team',
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    ]);
  });

  it('creates the role only where an Fn::If Role leaves it out, adding the negated condition', () => {
    const { template } = transformSam(
      {
        Conditions: { Own: { 'Fn::Equals': ['a', 'a'] } },
        Resources: {
          Fn: fn({ Role: { 'Fn::If': ['Own', 'arn:aws:iam::123456789012:role/own', { Ref: 'AWS::NoValue' }] } }),
        },
      },
      options,
    );
    expect(resourcesOf(template)['FnRole']!['Condition']).toBe('NOTOwn');
    expect(template['Conditions']).toEqual({
      Own: { 'Fn::Equals': ['a', 'a'] },
      NOTOwn: { 'Fn::Not': [{ Condition: 'Own' }] },
    });
    expect(resourcesOf(template)['Fn']!.Properties['Role']).toEqual({
      'Fn::If': ['Own', 'arn:aws:iam::123456789012:role/own', { 'Fn::GetAtt': ['FnRole', 'Arn'] }],
    });
  });

  it('names the Serverless Application Repository application it cannot resolve offline', () => {
    const sar = (location: unknown) =>
      transformSam(
        { Resources: { App: { Type: 'AWS::Serverless::Application', Properties: { Location: location } } } },
        options,
      );
    expect(
      sar({
        ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/hello',
        SemanticVersion: '1.2.0',
      }).errors,
    ).toEqual([
      'Resource with id [App] is invalid. Cannot resolve application arn:aws:serverlessrepo:us-east-1:123456789012:applications/hello version 1.2.0: the Serverless Application Repository is not reachable from the local transform; give Location a template URL instead.',
    ]);
    expect(sar({ ApplicationId: { Ref: 'AppId' }, SemanticVersion: '1.2.0' }).errors).toEqual([
      "Resource with id [App] is invalid. Property 'ApplicationId' cannot be resolved. Only FindInMap and Ref intrinsic functions are supported.",
    ]);
    const url = sar('https://s3.amazonaws.com/bucket/app.yaml');
    expect(url.errors).toEqual([]);
    expect(url.template['Resources']).toMatchObject({
      App: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: { TemplateURL: 'https://s3.amazonaws.com/bucket/app.yaml' },
      },
    });
  });

  it('does not modify its input', () => {
    const template = {
      Globals: { Function: { Timeout: 3 } },
      Resources: {
        Fn: fn({ AutoPublishAlias: 'live' }),
        L: { Type: 'AWS::Serverless::LayerVersion', Properties: { ContentUri: 's3://b/l.zip' } },
      },
    };
    const copy = structuredClone(template);
    transformSam(template, options);
    expect(template).toEqual(copy);
  });

  it('recognises the transform in a string or a list', () => {
    expect(usesSamTransform({ Transform: 'AWS::Serverless-2016-10-31' })).toBe(true);
    expect(usesSamTransform({ Transform: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'] })).toBe(true);
    expect(usesSamTransform({ Resources: {} })).toBe(false);
  });
});
