import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  GetTemplateSummaryCommand,
  UpdateStackCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

const TEMPLATE = JSON.stringify({
  Parameters: {
    Env: { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'dev' },
    Secret: { Type: 'String', NoEcho: true },
    Size: { Type: 'Number', Default: 3, MinValue: 1, MaxValue: 5 },
    Zones: { Type: 'CommaDelimitedList', Default: 'a,b' },
  },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
  Resources: {
    Store: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': 'params-${Env}' } } },
    ProdOnly: { Type: 'AWS::S3::Bucket', Condition: 'IsProd' },
  },
  Outputs: {
    Summary: {
      Value: { 'Fn::Join': ['/', [{ Ref: 'Env' }, { Ref: 'Size' }, { 'Fn::Select': [1, { Ref: 'Zones' }] }]] },
    },
    Secret: { Value: { Ref: 'Secret' } },
  },
});

function parameters(stack: { Parameters?: { ParameterKey?: string; ParameterValue?: string }[] } | undefined) {
  return Object.fromEntries((stack?.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]));
}

describe('CloudFormation parameters, capabilities and template checks', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('applies defaults, masks NoEcho values, and keeps previous values on request', async () => {
    expect(
      await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'params', TemplateBody: TEMPLATE }))),
    ).toMatchObject({
      name: 'ValidationError',
      message: 'Parameters: [Secret] must have values',
    });
    expect(
      await sdkError(
        f.cfn.send(
          new CreateStackCommand({
            StackName: 'params',
            TemplateBody: TEMPLATE,
            Parameters: [
              { ParameterKey: 'Secret', ParameterValue: 's3cret' },
              { ParameterKey: 'Env', ParameterValue: 'qa' },
            ],
          }),
        ),
      ),
    ).toMatchObject({ name: 'ValidationError', message: "Parameter 'Env' must be one of AllowedValues" });
    expect(
      await sdkError(
        f.cfn.send(
          new CreateStackCommand({
            StackName: 'params',
            TemplateBody: TEMPLATE,
            Parameters: [
              { ParameterKey: 'Secret', ParameterValue: 's3cret' },
              { ParameterKey: 'Size', ParameterValue: '9' },
            ],
          }),
        ),
      ),
    ).toMatchObject({ message: "Parameter 'Size' must be a number not greater than 5" });
    expect(
      await sdkError(
        f.cfn.send(
          new CreateStackCommand({
            StackName: 'params',
            TemplateBody: TEMPLATE,
            Parameters: [{ ParameterKey: 'Nope', ParameterValue: 'x' }],
          }),
        ),
      ),
    ).toMatchObject({ message: 'Parameters: [Nope] do not exist in the template' });

    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'params',
        TemplateBody: TEMPLATE,
        Parameters: [{ ParameterKey: 'Secret', ParameterValue: 's3cret' }],
      }),
    );
    const created = await f.waitForStack('params');
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    expect(parameters(created)).toEqual({ Env: 'dev', Secret: '****', Size: '3', Zones: 'a,b' });
    expect(Object.fromEntries((created.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]))).toEqual({
      Summary: 'dev/3/b',
      Secret: 's3cret',
    });

    await f.cfn.send(
      new UpdateStackCommand({
        StackName: 'params',
        TemplateBody: TEMPLATE,
        Parameters: [
          { ParameterKey: 'Env', ParameterValue: 'prod' },
          { ParameterKey: 'Secret', UsePreviousValue: true },
        ],
      }),
    );
    const updated = await f.waitForStack('params');
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    expect(parameters(updated)).toEqual({ Env: 'prod', Secret: '****', Size: '3', Zones: 'a,b' });
    const outputs = Object.fromEntries((updated.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs).toEqual({ Summary: 'prod/3/b', Secret: 's3cret' });
    const resources = (await f.events('params'))
      .filter((e) => e.ResourceStatus === 'CREATE_COMPLETE')
      .map((e) => e.LogicalResourceId);
    expect(resources).toContain('ProdOnly');

    const cs = await f.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'params',
        ChangeSetName: 'back-to-dev',
        TemplateBody: TEMPLATE,
        Parameters: [{ ParameterKey: 'Secret', UsePreviousValue: true }],
      }),
    );
    const described = await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: cs.Id }));
    expect(parameters(described)).toMatchObject({ Env: 'dev', Secret: '****' });
    expect(
      described.Changes?.map(
        (c) =>
          `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId} ${c.ResourceChange?.Replacement ?? '-'}`,
      ).sort(),
    ).toEqual(['Modify Store True', 'Remove ProdOnly -']);
    const stacks = await f.cfn.send(new DescribeStacksCommand({}));
    expect(stacks.Stacks?.map((s) => s.StackName)).toContain('params');
  });

  it('checks capabilities with CloudFormation exact errors', async () => {
    const iam = JSON.stringify({
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } },
        },
      },
      Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
    });
    expect(await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'iam', TemplateBody: iam })))).toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_IAM]',
    });
    const named = iam.replace('"Properties":{', '"Properties":{"RoleName":"named-role",');
    expect(
      await sdkError(
        f.cfn.send(new CreateStackCommand({ StackName: 'iam', TemplateBody: named, Capabilities: ['CAPABILITY_IAM'] })),
      ),
    ).toMatchObject({ message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]' });
    const sam = JSON.stringify({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: { Store: { Type: 'AWS::S3::Bucket' } },
    });
    expect(await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'sam', TemplateBody: sam })))).toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]',
    });
    await f.cfn.send(new CreateStackCommand({ StackName: 'iam', TemplateBody: iam, Capabilities: ['CAPABILITY_IAM'] }));
    const stack = await f.waitForStack('iam');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs?.[0]?.OutputValue).toMatch(/^arn:aws:iam::000000000000:role\/iam-Role-[A-Z0-9]{12}$/);

    const summary = await f.cfn.send(new GetTemplateSummaryCommand({ TemplateBody: iam }));
    expect(summary).toMatchObject({
      Capabilities: ['CAPABILITY_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
      ResourceTypes: ['AWS::IAM::Role'],
    });
    const validated = await f.cfn.send(new ValidateTemplateCommand({ TemplateBody: TEMPLATE }));
    expect(validated.Parameters?.map((p) => [p.ParameterKey, p.NoEcho, p.DefaultValue])).toEqual([
      ['Env', false, 'dev'],
      ['Secret', true, undefined],
      ['Size', false, '3'],
      ['Zones', false, 'a,b'],
    ]);
  });

  it('lists every unrecognized resource type and reports template errors', async () => {
    const unsupported = JSON.stringify({
      Resources: {
        Queue: { Type: 'AWS::SQS::Queues' },
        Topic: { Type: 'AWS::SNS::Topicc' },
        Other: { Type: 'AWS::SQS::Queues' },
        Store: { Type: 'AWS::S3::Bucket' },
      },
    });
    const expected = 'Template format error: Unrecognized resource types: [AWS::SNS::Topicc, AWS::SQS::Queues]';
    expect(
      await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'unsupported', TemplateBody: unsupported }))),
    ).toMatchObject({
      name: 'ValidationError',
      message: expected,
    });
    const cs = await f.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'unsupported',
        ChangeSetName: 'cs',
        ChangeSetType: 'CREATE',
        TemplateBody: unsupported,
      }),
    );
    expect(await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: cs.Id }))).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason: expected,
    });

    expect(
      await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: 'Resources: [' }))),
    ).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^Template format error: /),
    });
    const sharedName = JSON.stringify({
      Parameters: { Name: { Type: 'String', Default: 'x' } },
      Resources: { Name: { Type: 'AWS::S3::Bucket' } },
    });
    expect(
      await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: sharedName }))),
    ).toMatchObject({
      name: 'ValidationError',
      message: 'Template error: all resources and parameters must have unique names. Common name(s):[Name]',
    });
    const missingRef = JSON.stringify({
      Resources: { Store: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { Ref: 'Nope' } } } },
    });
    expect(
      await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: missingRef }))),
    ).toMatchObject({
      message: 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template',
    });
    const badAttribute = JSON.stringify({
      Resources: { Store: { Type: 'AWS::S3::Bucket' } },
      Outputs: { X: { Value: { 'Fn::GetAtt': ['Store', 'Nope'] } } },
    });
    expect(
      await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: badAttribute }))),
    ).toMatchObject({
      message: 'Template error: resource Store does not support attribute type Nope in Fn::GetAtt',
    });
    const cycle = JSON.stringify({
      Resources: { A: { Type: 'AWS::S3::Bucket', DependsOn: 'B' }, B: { Type: 'AWS::S3::Bucket', DependsOn: 'A' } },
    });
    expect(await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: cycle })))).toMatchObject(
      {
        message: 'Circular dependency between resources: [A, B]',
      },
    );
    expect(await sdkError(f.cfn.send(new DescribeStacksCommand({ StackName: 'bad' })))).toMatchObject({
      message: 'Stack with id bad does not exist',
    });
  });
});
