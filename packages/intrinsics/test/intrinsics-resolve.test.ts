import { describe, expect, it } from 'vitest';
import { IntrinsicError, resolveIntrinsics, unsupportedAttributeError, type IntrinsicContext } from '../src/index.ts';

const resources: Record<string, { id: string; attributes: Record<string, unknown> }> = {
  Bucket: { id: 'my-bucket', attributes: { Arn: 'arn:aws:s3:::my-bucket', DomainName: 'my-bucket.s3.amazonaws.com' } },
  Vpc: { id: 'vpc-1', attributes: { CidrBlock: '10.0.0.0/16', Ipv6CidrBlocks: ['2001:db8:1234:1a00::/56'] } },
};

const context: IntrinsicContext = {
  parameters: { Env: 'prod', Subnets: ['subnet-a', 'subnet-b'], Size: 3, Flag: true },
  pseudoParameters: {
    region: 'eu-west-1',
    accountId: '123456789012',
    stackName: 'demo',
    stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/demo/1',
  },
  mappings: { Regions: { 'eu-west-1': { Ami: 'ami-1', Zones: ['a', 'b'] } } },
  conditions: { IsProd: true, IsDev: false },
  ref: (id) => resources[id]?.id,
  getAtt: (id, attribute) => {
    const resource = resources[id];
    if (resource === undefined) return undefined;
    if (!(attribute in resource.attributes)) throw unsupportedAttributeError(id, attribute);
    return resource.attributes[attribute];
  },
  importValue: (name) => (name === 'shared-vpc' ? 'vpc-shared' : undefined),
  getAZs: (region) => [`${region}x`, `${region}y`],
};

const resolve = (value: unknown, ctx: IntrinsicContext = context) => resolveIntrinsics(value, ctx);

function errorOf(value: unknown, ctx: IntrinsicContext = context): IntrinsicError {
  try {
    resolve(value, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(IntrinsicError);
    return error as IntrinsicError;
  }
  throw new Error('expected an IntrinsicError');
}

describe('resolveIntrinsics: Ref and pseudo parameters', () => {
  it('resolves parameters, resources and every pseudo parameter', () => {
    expect(resolve({ Ref: 'Env' })).toBe('prod');
    expect(resolve({ Ref: 'Subnets' })).toEqual(['subnet-a', 'subnet-b']);
    expect(resolve({ Ref: 'Bucket' })).toBe('my-bucket');
    expect(
      resolve(
        [
          'AWS::Region',
          'AWS::AccountId',
          'AWS::StackName',
          'AWS::StackId',
          'AWS::Partition',
          'AWS::URLSuffix',
          'AWS::NotificationARNs',
        ].map((Ref) => ({ Ref })),
      ),
    ).toEqual([
      'eu-west-1',
      '123456789012',
      'demo',
      'arn:aws:cloudformation:eu-west-1:123456789012:stack/demo/1',
      'aws',
      'amazonaws.com',
      [],
    ]);
    const china = { ...context, pseudoParameters: { ...context.pseudoParameters, region: 'cn-north-1' } };
    expect(resolve([{ Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }], china)).toEqual([
      'aws-cn',
      'amazonaws.com.cn',
    ]);
  });

  it('removes keys and list items that are AWS::NoValue', () => {
    expect(
      resolve({
        A: 1,
        B: { Ref: 'AWS::NoValue' },
        C: [1, { Ref: 'AWS::NoValue' }, 2],
        D: { 'Fn::If': ['IsDev', 'x', { Ref: 'AWS::NoValue' }] },
      }),
    ).toEqual({
      A: 1,
      C: [1, 2],
    });
    expect(resolve({ Ref: 'AWS::NoValue' })).toBeUndefined();
  });

  it('fails on unknown names with CloudFormation words', () => {
    const error = errorOf({ Properties: { X: { Ref: 'Missing' } } });
    expect(error.code).toBe('INTRINSIC_UNRESOLVED_REFERENCE');
    expect(error.message).toBe(
      'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
    );
    expect(errorOf({ Ref: ['not', 'a', 'string'] }).code).toBe('INTRINSIC_INVALID_ARGUMENTS');
  });
});

describe('resolveIntrinsics: Fn::GetAtt', () => {
  it('accepts the list and the dotted string form and a Ref as attribute name', () => {
    expect(resolve({ 'Fn::GetAtt': ['Bucket', 'Arn'] })).toBe('arn:aws:s3:::my-bucket');
    expect(resolve({ 'Fn::GetAtt': 'Bucket.DomainName' })).toBe('my-bucket.s3.amazonaws.com');
    const ctx = { ...context, parameters: { ...context.parameters, Attr: 'Arn' } };
    expect(resolve({ 'Fn::GetAtt': ['Bucket', { Ref: 'Attr' }] }, ctx)).toBe('arn:aws:s3:::my-bucket');
  });

  it('fails for undefined resources, unknown attributes and malformed calls', () => {
    const undefinedResource = errorOf({ 'Fn::GetAtt': ['Nope', 'Arn'] });
    expect(undefinedResource.code).toBe('INTRINSIC_UNDEFINED_RESOURCE');
    expect(undefinedResource.message).toBe('Template error: instance of Fn::GetAtt references undefined resource Nope');
    const attribute = errorOf({ 'Fn::GetAtt': ['Bucket', 'Nope'] });
    expect(attribute.code).toBe('INTRINSIC_UNSUPPORTED_ATTRIBUTE');
    expect(attribute.message).toBe(
      'Template error: resource Bucket does not support attribute type Nope in Fn::GetAtt',
    );
    expect(errorOf({ 'Fn::GetAtt': ['Bucket'] }).message).toBe(
      'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
    );
  });
});

describe('resolveIntrinsics: Fn::Sub', () => {
  it('substitutes parameters, pseudo parameters, resources and attributes, and keeps ${!Literal}', () => {
    expect(resolve({ 'Fn::Sub': '${Env}-${AWS::Region}-${Bucket}-${Bucket.Arn}-${!Literal}-${Size}-${Flag}' })).toBe(
      'prod-eu-west-1-my-bucket-arn:aws:s3:::my-bucket-${Literal}-3-true',
    );
  });

  it('takes variables from the [string, map] form first, resolving their values', () => {
    expect(
      resolve({
        'Fn::Sub': [
          '${Env}/${Name}/${Arn}',
          { Env: 'override', Name: { Ref: 'Env' }, Arn: { 'Fn::GetAtt': ['Bucket', 'Arn'] } },
        ],
      }),
    ).toBe('override/prod/arn:aws:s3:::my-bucket');
  });

  it('fails on unknown variables, list values and malformed calls', () => {
    expect(errorOf({ 'Fn::Sub': 'x-${Missing}' }).code).toBe('INTRINSIC_UNRESOLVED_REFERENCE');
    expect(errorOf({ 'Fn::Sub': '${Missing.Arn}' }).code).toBe('INTRINSIC_UNDEFINED_RESOURCE');
    expect(errorOf({ 'Fn::Sub': '${Subnets}' }).message).toBe(
      'Template error: variable Subnets in Fn::Sub expression does not resolve to a string',
    );
    expect(errorOf({ 'Fn::Sub': '${bad name}' }).message).toMatch(
      /variable names in Fn::Sub syntax must contain only alphanumeric/,
    );
    expect(errorOf({ 'Fn::Sub': ['a', 'b', 'c'] }).message).toMatch(
      /^Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments/,
    );
  });
});

describe('resolveIntrinsics: list and string functions', () => {
  it('joins, selects and splits, also over nested functions', () => {
    expect(resolve({ 'Fn::Join': [',', { Ref: 'Subnets' }] })).toBe('subnet-a,subnet-b');
    expect(resolve({ 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 3]] })).toBe('a-prod-3');
    expect(resolve({ 'Fn::Select': ['1', { Ref: 'Subnets' }] })).toBe('subnet-b');
    expect(resolve({ 'Fn::Select': [0, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('a');
    expect(resolve({ 'Fn::Split': [',', { 'Fn::Join': [',', ['x', 'y']] }] })).toEqual(['x', 'y']);
  });

  it('fails with CloudFormation messages on bad arguments', () => {
    expect(errorOf({ 'Fn::Join': [',', 'not-a-list'] }).message).toMatch(
      /^Template error: every Fn::Join object requires two parameters/,
    );
    expect(errorOf({ 'Fn::Join': [',', [{ a: 1 }]] }).code).toBe('INTRINSIC_INVALID_ARGUMENTS');
    const select = errorOf({ 'Fn::Select': [5, ['a']] });
    expect(select.code).toBe('INTRINSIC_INDEX_OUT_OF_RANGE');
    expect(select.message).toBe('Template error: Fn::Select cannot select nonexistent value at index 5');
    expect(errorOf({ 'Fn::Split': [',', ['a']] }).message).toMatch(
      /^Template error: every Fn::Split object requires two parameters/,
    );
  });

  it('encodes Base64, JSON strings and lengths', () => {
    expect(resolve({ 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh\necho ${Env} ✓' } })).toBe(
      Buffer.from('#!/bin/sh\necho prod ✓').toString('base64'),
    );
    expect(resolve({ 'Fn::ToJsonString': { a: { Ref: 'Env' }, b: [1, { Ref: 'AWS::NoValue' }] } })).toBe(
      '{"a":"prod","b":[1]}',
    );
    expect(resolve({ 'Fn::Length': { Ref: 'Subnets' } })).toBe(2);
    expect(errorOf({ 'Fn::Base64': ['x'] }).code).toBe('INTRINSIC_INVALID_ARGUMENTS');
  });
});

describe('resolveIntrinsics: Fn::If and condition functions', () => {
  it('evaluates only the chosen branch', () => {
    expect(resolve({ 'Fn::If': ['IsProd', { Ref: 'Env' }, { Ref: 'WouldFail' }] })).toBe('prod');
    expect(resolve({ 'Fn::If': ['IsDev', { Ref: 'WouldFail' }, 'fallback'] })).toBe('fallback');
  });

  it('fails on unknown conditions and malformed calls', () => {
    const error = errorOf({ 'Fn::If': ['Nope', 1, 2] });
    expect(error.code).toBe('INTRINSIC_UNRESOLVED_CONDITION');
    expect(error.message).toBe('Template error: unresolved condition dependency Nope in Fn::If');
    expect(errorOf({ 'Fn::If': ['IsProd', 1] }).message).toMatch(
      /^Template error: every Fn::If object requires three parameters/,
    );
  });

  it('evaluates Fn::Equals/And/Or/Not values', () => {
    expect(resolve({ 'Fn::Equals': [{ Ref: 'Size' }, '3'] })).toBe(true);
    expect(resolve({ 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Not': [{ Condition: 'IsDev' }] }] })).toBe(true);
    expect(resolve({ 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['a', 'b'] }] })).toBe(false);
  });
});

describe('resolveIntrinsics: FindInMap, GetAZs, ImportValue, Cidr', () => {
  it('finds mapping values with resolved keys and an optional default', () => {
    expect(resolve({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Ami'] })).toBe('ami-1');
    expect(resolve({ 'Fn::FindInMap': ['Regions', 'eu-west-1', 'Zones'] })).toEqual(['a', 'b']);
    expect(resolve({ 'Fn::FindInMap': ['Regions', 'us-east-1', 'Ami', { DefaultValue: { Ref: 'Env' } }] })).toBe(
      'prod',
    );
    const error = errorOf({ 'Fn::FindInMap': ['Regions', 'us-east-1', 'Ami'] });
    expect(error.code).toBe('INTRINSIC_MAPPING_NOT_FOUND');
    expect(error.message).toBe('Template error: Unable to get mapping for Regions::us-east-1::Ami');
    expect(errorOf({ 'Fn::FindInMap': ['Regions', 'x'] }).message).toMatch(
      /^Template error: every Fn::FindInMap object requires three parameters/,
    );
  });

  it('lists availability zones through the callback, or a default', () => {
    expect(resolve({ 'Fn::GetAZs': '' })).toEqual(['eu-west-1x', 'eu-west-1y']);
    expect(resolve({ 'Fn::Select': [0, { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] })).toBe('eu-west-1x');
    const { getAZs: _getAZs, ...withoutCallback } = context;
    expect(resolve({ 'Fn::GetAZs': 'us-east-2' }, withoutCallback)).toEqual(['us-east-2a', 'us-east-2b', 'us-east-2c']);
  });

  it('imports exported values, failing for unknown exports', () => {
    expect(resolve({ 'Fn::ImportValue': { 'Fn::Join': ['-', ['shared', 'vpc']] } })).toBe('vpc-shared');
    expect(resolve({ 'Fn::ImportValue': 'shared-vpc' })).toBe('vpc-shared');
    const error = errorOf({ 'Fn::ImportValue': 'other' });
    expect(error.code).toBe('INTRINSIC_EXPORT_NOT_FOUND');
    expect(error.message).toBe('No export named other found.');
  });

  it('splits IPv4 and IPv6 blocks with Fn::Cidr', () => {
    expect(resolve({ 'Fn::Cidr': ['192.168.0.0/24', 6, 5] })).toEqual([
      '192.168.0.0/27',
      '192.168.0.32/27',
      '192.168.0.64/27',
      '192.168.0.96/27',
      '192.168.0.128/27',
      '192.168.0.160/27',
    ]);
    expect(resolve({ 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, '2', '8'] })).toEqual([
      '10.0.0.0/24',
      '10.0.1.0/24',
    ]);
    expect(
      resolve({ 'Fn::Cidr': [{ 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] }] }, 2, 64] }),
    ).toEqual(['2001:db8:1234:1a00::/64', '2001:db8:1234:1a01::/64']);
    expect(errorOf({ 'Fn::Cidr': ['10.0.0.0/24', 4, 7] }).code).toBe('INTRINSIC_INVALID_ARGUMENTS');
    expect(errorOf({ 'Fn::Cidr': ['10.0.0/24', 1, 4] }).code).toBe('INTRINSIC_INVALID_ARGUMENTS');
  });

  it('rejects functions it does not know', () => {
    const error = errorOf({ 'Fn::Transform': { Name: 'AWS::Include' } });
    expect(error.code).toBe('INTRINSIC_UNSUPPORTED_FUNCTION');
    expect(error.message).toBe('Template format error: Unrecognized function Fn::Transform');
  });

  it('leaves plain values and multi-key objects alone', () => {
    const value = { Ref: 'Env', Other: 1 };
    expect(() => resolve(value)).not.toThrow();
    expect(resolve({ Statement: [{ Effect: 'Allow', Condition: { StringEquals: { a: 'b' } } }] })).toEqual({
      Statement: [{ Effect: 'Allow', Condition: { StringEquals: { a: 'b' } } }],
    });
  });
});
