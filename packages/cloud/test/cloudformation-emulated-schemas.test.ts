import { createRequire } from 'node:module';
import { CreateChangeSetCommand, CreateStackCommand, DescribeChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

const specModule = /aws-service-spec[\\/]lib[\\/]index\.js$/;

describe('CloudFormation schema checks of the types the local cloud runs', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('refuses invalid Lambda, S3, IAM and Signer properties at their exact path, without loading the specification', async () => {
    const role = 'arn:aws:iam::000000000000:role/r';
    const code = { ZipFile: 'exports.handler = async () => 1;' };
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'AWS::Lambda::Function',
        { Code: code, Runtime: 'nodejs20.x', Handler: 'index.handler' },
        '#: required key [Role] not found',
      ],
      [
        'AWS::Lambda::Function',
        { Code: code, Role: role, Timeout: 'long' },
        '#/Timeout: expected type: Integer, found: String',
      ],
      [
        'AWS::Lambda::Function',
        { Code: code, Role: role, Architectures: 'arm64' },
        '#/Architectures: expected type: JSONArray, found: String',
      ],
      [
        'AWS::Lambda::Function',
        { Code: { ...code, Zip: 'x' }, Role: role },
        '#/Code: extraneous key [Zip] is not permitted',
      ],
      [
        'AWS::S3::Bucket',
        { VersioningConfiguration: { Status: 'On' } },
        '#/VersioningConfiguration/Status: On is not a valid enum value',
      ],
      [
        'AWS::IAM::Role',
        { AssumeRolePolicyDocument: {}, Path: '/', RoleNames: 'x' },
        '#: extraneous key [RoleNames] is not permitted',
      ],
      [
        'AWS::Signer::SigningProfile',
        { PlatformId: 'AWSLambda-SHA384-ECDSA', SignatureValidityPeriod: { Value: 'ten' } },
        '#/SignatureValidityPeriod/Value: expected type: Integer, found: String',
      ],
    ];
    for (const [type, properties, message] of cases) {
      const template = JSON.stringify({ Resources: { R: { Type: type, Properties: properties } } });
      expect(
        await sdkError(
          f.cfn.send(
            new CreateStackCommand({ StackName: 'invalid', TemplateBody: template, Capabilities: ['CAPABILITY_IAM'] }),
          ),
        ),
        type,
      ).toMatchObject({
        name: 'ValidationError',
        message: `Properties validation failed for resource R with message: ${message}`,
      });
    }
    const changeSet = await f.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'invalid',
        ChangeSetName: 'cs',
        ChangeSetType: 'CREATE',
        TemplateBody: JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { Bucket: 'b' } } } }),
      }),
    );
    expect(await f.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: changeSet.Id }))).toMatchObject({
      Status: 'FAILED',
      StatusReason:
        'Properties validation failed for resource B with message: #: extraneous key [Bucket] is not permitted',
    });
    expect(Object.keys(createRequire(import.meta.url).cache).some((path) => specModule.test(path))).toBe(false);
  });
});
