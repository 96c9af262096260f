import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';

const options = { region: 'us-east-1', accountId: '123456789012' };
const fn = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::Serverless::Function',
  ...extra,
  Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', CodeUri: 's3://code/fn.zip', ...properties },
});
const transform = (template: Record<string, unknown>) =>
  transformSam({ Transform: 'AWS::Serverless-2016-10-31', ...template }, options).errors;

// Messages as samtranslator 1.110 words them (its translator corpus has each of these cases).
describe('samtranslator property type and structure checks', () => {
  it('checks each function property against its type, reporting every resource at once', () => {
    expect(
      transform({
        Resources: {
          RoleNumber: fn({ Role: 2 }),
          LayersString: fn({ Layers: 'arn:aws:lambda:us-east-1:123456789012:layer:x:1' }),
          BadPolicy: fn({ AutoPublishAlias: 'live', VersionDeletionPolicy: 'Keep' }),
          AliasAllIntrinsic: fn({ AutoPublishAlias: 'live', AutoPublishAliasAllProperties: { 'Fn::If': ['C', true, false] } }), // prettier-ignore
          RoleIntrinsic: fn({ Role: { 'Fn::GetAtt': ['SomeRole', 'Arn'] } }),
        },
      }),
    ).toEqual([
      "Resource with id [AliasAllIntrinsic] is invalid. Type of property 'AutoPublishAliasAllProperties' is invalid.",
      "Resource with id [BadPolicy] is invalid. Property 'VersionDeletionPolicy' should be a one of the strings: 'Delete' or 'Retain'.",
      "Resource with id [LayersString] is invalid. Type of property 'Layers' is invalid.",
      "Resource with id [RoleNumber] is invalid. Property 'Role' should be a string.",
    ]); // prettier-ignore
  });

  it('checks event properties: required ones, their types, and no intrinsic where samtranslator takes none', () => {
    const events = (events: Record<string, unknown>) => fn({ Events: events });
    expect(
      transform({
        Resources: {
          NoStream: events({ Changes: { Type: 'DynamoDB', Properties: { StartingPosition: 'LATEST' } } }),
          BadTrigger: events({ Signup: { Type: 'Cognito', Properties: { UserPool: 'Pool', Trigger: 5 } } }),
          BadBatch: events({ Work: { Type: 'SQS', Properties: { Queue: 'arn:aws:sqs:us-east-1:123456789012:q', BatchSize: 'ten' } } }), // prettier-ignore
          S3Intrinsic: events({ Upload: { Type: 'S3', Properties: { Bucket: 'Bucket', Events: { Ref: 'EventName' } } } }), // prettier-ignore
        },
      }),
    ).toEqual([
      "Resource with id [BadBatchWork] is invalid. Type of property 'BatchSize' is invalid.",
      "Resource with id [BadTriggerSignup] is invalid. Type of property 'Trigger' is invalid.",
      "Resource with id [NoStreamChanges] is invalid. Missing required property 'Stream'.",
      "Resource with id [S3IntrinsicUpload] is invalid. Type of property 'Events' is invalid.",
    ]);
  });

  it('checks layer and connector properties against samtranslator’s declared types', () => {
    const layer = (properties: Record<string, unknown>) => ({
      Type: 'AWS::Serverless::LayerVersion',
      Properties: { ContentUri: 's3://b/l.zip', ...properties },
    });
    expect(
      transform({
        Resources: {
          LicenseList: layer({ LicenseInfo: ['MIT'] }),
          RuntimesString: layer({ CompatibleRuntimes: 'nodejs20.x' }),
          PublishText: layer({ PublishLambdaVersion: 'yes' }),
          DescriptionNumber: layer({ Description: 5 }),
          DescriptionIntrinsic: layer({ Description: { 'Fn::Sub': 'x' } }),
          Unknown: layer({ Content: 'x' }),
          ConnSource: {
            Type: 'AWS::Serverless::Connector',
            Properties: { Source: 'Fn', Destination: { Id: 'T' }, Permissions: ['Read'] },
          },
        },
      }),
    ).toEqual([
      "Resource with id [ConnSource] is invalid. Type of property 'Source' is invalid.",
      "Resource with id [DescriptionNumber] is invalid. Property 'Description' should be a string.",
      "Resource with id [LicenseList] is invalid. Property 'LicenseInfo' should be a string.",
      "Resource with id [PublishText] is invalid. Type of property 'PublishLambdaVersion' is invalid.",
      "Resource with id [RuntimesString] is invalid. Type of property 'CompatibleRuntimes' is invalid.",
      'Resource with id [Unknown] is invalid. property Content not defined for resource of type AWS::Serverless::LayerVersion',
    ]);
  });

  it('rejects a document without Resources, with a resource that is not an object, or a Condition that is not a string', () => {
    const structure = (reason: string) => [`Structure of the SAM template is invalid. ${reason}`];
    expect(transform({ Resources: {} })).toEqual(structure("'Resources' section is required"));
    expect(transform({ Resources: { Fn: fn({}), Other: 'text' } })).toEqual(
      structure("All 'Resources' must be Objects. If you're using YAML, this may be an indentation issue."),
    );
    expect(transform({ Resources: { Fn: fn({}, { Condition: ['IsProd'] }) } })).toEqual(
      structure('Every Condition member must be a string.'),
    );
    expect(transform({ Mappings: null, Resources: { Fn: fn({}) } })).toEqual(
      structure("'Mappings' or 'Parameters' is either null or not a valid dictionary."),
    );
  });

  it('refuses what tenancy-enabled functions cannot have, and a DeadLetterQueue Type that is not a string', () => {
    const tenant = (properties: Record<string, unknown>) => fn({ TenancyConfig: { TenantIsolationMode: 'PER_TENANT' }, ...properties }); // prettier-ignore
    expect(
      transform({
        Resources: {
          WithUrl: tenant({ FunctionUrlConfig: { AuthType: 'NONE' } }),
          WithQueue: tenant({ Events: { Work: { Type: 'SQS', Properties: { Queue: 'arn:aws:sqs:us-east-1:123456789012:q' } } } }), // prettier-ignore
          WithSnapStart: tenant({ SnapStart: { ApplyOn: 'PublishedVersions' } }),
          DlqType: fn({ DeadLetterQueue: { Type: ['SQS'], TargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' } }),
        },
      }),
    ).toEqual([
      "Resource with id [DlqType] is invalid. Property 'DeadLetterQueue.Type' should be a string.",
      "Resource with id [WithQueue] is invalid. Event source 'SQS' is not supported for functions enabled with tenancy configuration. Only Api and HttpApi event sources are supported.",
      'Resource with id [WithSnapStart] is invalid. SnapStart is not supported for functions enabled with tenancy configuration.',
      'Resource with id [WithUrl] is invalid. Function URL is not supported for functions enabled with tenancy configuration.',
    ]); // prettier-ignore
  });

  it('requires SAM resource logical ids to be alphanumeric', () => {
    expect(transform({ Resources: { 'Bad-Name': fn({}), Good: fn({}) } })).toEqual([
      'Resource with id [Bad-Name] is invalid. Logical ids must be alphanumeric.',
    ]);
  });

  it('refuses an S3 event’s bucket whose DependsOn is set but empty', () => {
    const s3 = { Type: 'S3', Properties: { Bucket: { Ref: 'Bucket' }, Events: ['s3:ObjectCreated:*'] } };
    expect(
      transform({
        Resources: {
          Bucket: { Type: 'AWS::S3::Bucket', DependsOn: null },
          Function: fn({ Events: { Upload: s3 } }),
        },
      }),
    ).toEqual([
      "Resource with id [FunctionUpload] is invalid. Invalid type for field 'DependsOn'. Expected a string or list of strings.",
    ]);
  });

  it('refuses an event that is not a map in Python’s words, before the function’s property checks', () => {
    expect(transform({ Resources: { Function: fn({ Runtime: 3, Events: { Upload: null } }) } })).toEqual([
      "Resource with id [Function] is invalid. Event with id [Upload] is invalid. 'NoneType' object has no attribute 'get'",
    ]);
  });

  it('refuses an IgnoreGlobals item that Globals does not set', () => {
    expect(
      transform({
        Globals: { Function: { Runtime: 'python3.12' } },
        Resources: { F: { ...fn({}), IgnoreGlobals: ['Nope'] } },
      }),
    ).toEqual([
      "Resource with id [F] is invalid. Resource F has invalid resource attribute 'IgnoreGlobals' on item 'Nope'.",
    ]);
  });

  it('refuses a CodeUri whose bucket is an unresolved [TOKEN] as Python’s urlparse does', () => {
    const invalid = (uri: string) => transform({ Resources: { F: fn({ CodeUri: uri }) } });
    expect(invalid('s3://[TOKEN.25]/my/key')).toEqual([
      "Resource with id [F] is invalid. 'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
    ]);
    expect(invalid('s3://[::1]/my/key')).toEqual([]);
  });

  it('ends the transform on a FindInMap without three values or into a mapping that is not two levels of maps', () => {
    const app = (applicationId: unknown) => ({
      Type: 'AWS::Serverless::Application',
      Properties: { Location: { ApplicationId: applicationId, SemanticVersion: '1.0.0' } },
    });
    const mappings = { Apps: { 'us-east-1': { Id: 'x' } }, Flat: { 'us-east-1': ['x'] } };
    expect(
      transform({ Mappings: mappings, Resources: { A: app({ 'Fn::FindInMap': ['Apps', 'us-east-1'] }) } }),
    ).toEqual([
      "Structure of the SAM template is invalid. Invalid FindInMap value ['Apps', 'us-east-1']. FindInMap expects an array with 3 values.",
    ]);
    expect(
      transform({ Mappings: mappings, Resources: { A: app({ 'Fn::FindInMap': ['Flat', 'us-east-1', 'Id'] }) } }),
    ).toEqual([
      "Structure of the SAM template is invalid. Cannot use Fn::FindInMap on Mapping 'Flat' which is not a a two-level map.",
    ]);
  });
});
