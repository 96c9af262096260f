import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transformSam } from '../src/index.ts';
import { py27KeyOrder, py27Str, py27StringHash, PyDict, PyStr } from '../src/py27-repr.ts';

const options = { region: 'us-east-1', accountId: '123456789012' };
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/sam/api-explicit-and-implicit.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('Python 2.7 dict text (what samtranslator hashes an API definition by)', () => {
  // The expected values are what Python 2.7 / samtranslator's py27hash_fix print for the same input.
  it('hashes strings as Python 2.7 does', () => {
    expect(BigInt.asIntN(64, py27StringHash('info'))).toBe(-6492726066479515808n);
    expect(py27StringHash('Bucket')).toBe(3995681135509986764n);
    expect(py27StringHash('😀')).toBe(16449585346049n);
    expect(py27StringHash('')).toBe(0n);
  });

  it('iterates keys in Python 2.7 order, resizing as the table fills', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `key${i}`);
    expect(py27KeyOrder(keys).map((i) => keys[i])).toEqual([
      'key9', 'key8', 'key3', 'key2', 'key1', 'key0', 'key7', 'key6', 'key5', 'key4',
      'key19', 'key18', 'key17', 'key16', 'key15', 'key14', 'key13', 'key12', 'key11', 'key10',
    ]); // prettier-ignore
  });

  it("prints template strings as u'…' with unicode_escape and samtranslator's own as '…'", () => {
    expect(py27Str({ this: 'is', a: 'inline swagger', n: [1, 'x', { k: true, z: null }], q: "it's", e: 'é\n' })).toBe(
      "{u'this': u'is', u'a': u'inline swagger', u'e': u'\\xe9\\n', u'q': u\"it's\", u'n': [1, u'x', {u'k': True, u'z': None}]}",
    );
    expect(
      py27Str(
        new PyDict([
          [new PyStr('Bucket'), 'b'],
          [new PyStr('Key'), 'k'],
        ]),
      ),
    ).toBe("{'Bucket': u'b', 'Key': u'k'}");
  });
});

describe('AWS::Serverless::Api and Api events', () => {
  // Logical ids and digests as samtranslator 1.110 generates them for the fixture.
  const resources = transformSam(fixture, options).template['Resources'] as Resources;

  it('turns an inline DefinitionBody into a RestApi, a hash-named Deployment and a Stage', () => {
    expect(resources['Inline']).toEqual({
      Type: 'AWS::ApiGateway::RestApi',
      Properties: { Body: { swagger: '2.0', info: { title: 't é' }, paths: {} } },
    });
    expect(resources['InlineDeployment5465672687']?.Properties['Description']).toBe(
      'RestApi deployment id: 5465672687f8832a22ae62d52b9a6fddc8d8394c',
    );
    expect(resources['InlineStage74d1095059']?.Properties).toEqual({
      DeploymentId: { Ref: 'InlineDeployment5465672687' },
      RestApiId: { Ref: 'Inline' },
      StageName: 'v1-live',
      Tags: [{ Key: 'Team', Value: 'x' }],
      Variables: { A: 'b' },
    });
  });

  it('points BodyS3Location at an s3:// DefinitionUri, version included', () => {
    expect(resources['FromS3']?.Properties).toEqual({
      BodyS3Location: { Bucket: 'specs', Key: 'api.yaml', Version: '3' },
    });
    expect(resources['FromS3Stage']?.Properties['DeploymentId']).toEqual({ Ref: 'FromS3Deployment0b47f58a5a' });
  });

  it('adds ServerlessRestApi for events without RestApiId, with one integration per path and method', () => {
    const body = resources['ServerlessRestApi']?.Properties['Body'] as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(body.paths)).toEqual(['/items/{id}/', '/items']);
    expect(Object.keys(body.paths['/items/{id}/']!)).toEqual(['x-amazon-apigateway-any-method']);
    expect(resources['ServerlessRestApiProdStage']?.Properties['DeploymentId']).toEqual({
      Ref: 'ServerlessRestApiDeployment5a2ac63553',
    });
  });

  it('gives each event a permission named after the stage it is deployed to', () => {
    const sourceArn = (id: string) =>
      (resources[id]!.Properties['SourceArn'] as { 'Fn::Sub': [string, unknown] })['Fn::Sub'];
    expect(sourceArn('FnAnyPermissionProd')).toEqual([
      'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/*/items/*',
      { __ApiId__: { Ref: 'ServerlessRestApi' }, __Stage__: '*' },
    ]);
    expect(
      Object.keys(resources)
        .filter((id) => id.includes('Permission'))
        .sort(),
    ).toEqual(['FnAnyPermissionProd', 'FnLivePermission74d1095059', 'FnPostPermissionProd', 'FnSpecPermissionStage']);
  });

  it("reports samtranslator's errors for a bad definition", () => {
    const api = (properties: Record<string, unknown>) =>
      transformSam(
        { Resources: { Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'p', ...properties } } } },
        options,
      ).errors;
    expect(api({ DefinitionBody: {}, DefinitionUri: 's3://b/k' })).toEqual([
      "Resource with id [Api] is invalid. Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.",
    ]);
    expect(api({ DefinitionUri: './openapi.yaml' })).toEqual([
      "Resource with id [Api] is invalid. 'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
    ]);
    expect(api({ DefinitionUri: { Bucket: 'b' } })).toEqual([
      "Resource with id [Api] is invalid. 'DefinitionUri' requires Bucket and Key properties to be specified.",
    ]);
  });

  it('rejects Api events as the implicit API plugin does, before any resource is transformed', () => {
    const withEvents = (events: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      transformSam(
        {
          Resources: {
            ...extra,
            Fn: {
              Type: 'AWS::Serverless::Function',
              Properties: { CodeUri: 's3://b/k', Handler: 'i.h', Runtime: 'nodejs20.x', Events: events },
            },
          },
        },
        options,
      ).errors;
    const event = (properties: Record<string, unknown>) => ({ E: { Type: 'Api', Properties: properties } });
    expect(withEvents(event({ Path: '/x', Method: 'get', RestApiId: { Ref: 'Nowhere' } }))).toEqual([
      "Resource with id [Fn] is invalid. Event with id [E] is invalid. RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.",
    ]);
    expect(withEvents(event({ Path: '/x', Method: 'get', RestApiId: { 'Fn::ImportValue': 'api' } }))).toEqual([
      "Resource with id [Fn] is invalid. Event with id [E] is invalid. Property 'RestApiId' should be a string.",
    ]);
    expect(withEvents(event({ Method: 'get' }))).toEqual([
      "Resource with id [Fn] is invalid. Event with id [E] is invalid. Property 'Path' is required.",
    ]);
    expect(
      withEvents({
        A: { Type: 'Api', Properties: { Path: '/x', Method: 'GET' } },
        B: { Type: 'Api', Properties: { Path: '/x', Method: 'get' } },
      }),
    ).toEqual([
      'Resource with id [Fn] is invalid. Event with id [B] is invalid. API method "get" defined multiple times for path "/x".',
    ]);
  });

  it("says a resource's Properties must be a map in samtranslator's words", () => {
    expect(
      transformSam({ Resources: { Api: { Type: 'AWS::Serverless::Api', Properties: 'x' } } }, options).errors,
    ).toEqual(["Resource with id [Api] is invalid. Attribute 'Properties' should be a map."]);
  });
});
