import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyDocumentError } from '../src/iam/policy-document.ts';
import { evaluatePolicies } from '../src/iam/policy-evaluation.ts';

const context = (entries: Record<string, string | string[]> = {}) =>
  new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), v]));

function decide(statements: unknown[], action: string, resource: string, keys: Record<string, string | string[]> = {}) {
  return evaluatePolicies([parsePolicy({ Version: '2012-10-17', Statement: statements })], {
    action,
    resource,
    context: context(keys),
  });
}

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:app';
const CSC = 'arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0';

describe('IAM policy evaluation', () => {
  it('allows what a statement allows and denies the rest implicitly; explicit deny wins', () => {
    const allowAll = { Effect: 'Allow', Action: 'lambda:*', Resource: '*' };
    expect(decide([allowAll], 'lambda:GetFunction', FN)).toBe('allow');
    expect(decide([allowAll], 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('implicit-deny');
    const deny = { Effect: 'Deny', Action: 'lambda:DeleteFunction', Resource: FN };
    expect(decide([allowAll, deny], 'lambda:DeleteFunction', FN)).toBe('explicit-deny');
    expect(decide([deny, allowAll], 'lambda:DeleteFunction', `${FN}2`)).toBe('allow');
  });

  it('matches actions case-insensitively with * and ?, resources case-sensitively, and the Not forms', () => {
    expect(decide([{ Effect: 'Allow', Action: 'LAMBDA:get*', Resource: '*' }], 'lambda:GetFunction', FN)).toBe('allow');
    expect(decide([{ Effect: 'Allow', Action: 'lambda:?etFunction', Resource: '*' }], 'lambda:GetFunction', FN)).toBe(
      'allow',
    );
    expect(decide([{ Effect: 'Allow', Action: '*', Resource: FN.toUpperCase() }], 'lambda:GetFunction', FN)).toBe(
      'implicit-deny',
    );
    const notAction = { Effect: 'Allow', NotAction: 'lambda:Delete*', Resource: '*' };
    expect(decide([notAction], 'lambda:DeleteFunction', FN)).toBe('implicit-deny');
    expect(decide([notAction], 'lambda:GetFunction', FN)).toBe('allow');
    const notResource = { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::mine/*' };
    expect(
      decide([{ Effect: 'Allow', Action: '*', Resource: '*' }, notResource], 's3:GetObject', 'arn:aws:s3:::other/k'),
    ).toBe('explicit-deny');
    expect(
      decide([{ Effect: 'Allow', Action: '*', Resource: '*' }, notResource], 's3:GetObject', 'arn:aws:s3:::mine/k'),
    ).toBe('allow');
  });

  it('evaluates String, Arn, Bool and Null conditions, with IfExists and the set operators', () => {
    const allow = (Condition: unknown) => [{ Effect: 'Allow', Action: '*', Resource: '*', Condition }];
    const key = 'lambda:CodeSigningConfigArn';
    expect(
      decide(
        allow({ ArnLike: { [key]: 'arn:aws:lambda:*:*:code-signing-config:csc-*' } }),
        'lambda:CreateFunction',
        FN,
        { [key]: CSC },
      ),
    ).toBe('allow');
    expect(
      decide(
        allow({ ArnLike: { [key]: 'arn:aws:lambda:*:*:code-signing-config:csc-*' } }),
        'lambda:CreateFunction',
        FN,
      ),
    ).toBe('implicit-deny');
    expect(decide(allow({ ArnEqualsIfExists: { [key]: CSC } }), 'lambda:CreateFunction', FN)).toBe('allow');
    expect(
      decide(allow({ StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } }), 'x:Y', '*', {
        'aws:RequestedRegion': 'us-east-1',
      }),
    ).toBe('allow');
    expect(
      decide(allow({ StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } }), 'x:Y', '*', {
        'aws:RequestedRegion': 'us-east-1',
      }),
    ).toBe('implicit-deny');
    expect(decide(allow({ StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } }), 'x:Y', '*')).toBe('allow');
    expect(
      decide(allow({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/dev*' } }), 'x:Y', '*', {
        'aws:PrincipalArn': 'arn:aws:iam::000000000000:user/developer',
      }),
    ).toBe('allow');
    expect(
      decide(allow({ StringEqualsIgnoreCase: { 'signer:ProfileVersion': 'ABC' } }), 'x:Y', '*', {
        'signer:ProfileVersion': 'abc',
      }),
    ).toBe('allow');
    expect(
      decide(allow({ Bool: { 'aws:SecureTransport': 'false' } }), 'x:Y', '*', { 'aws:SecureTransport': 'false' }),
    ).toBe('allow');
    expect(decide(allow({ Null: { [key]: 'true' } }), 'x:Y', '*')).toBe('allow');
    expect(decide(allow({ Null: { [key]: 'false' } }), 'x:Y', '*')).toBe('implicit-deny');
    const tags = { 'aws:TagKeys': ['team', 'cost'] };
    expect(
      decide(allow({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost', 'env'] } }), 'x:Y', '*', tags),
    ).toBe('allow');
    expect(decide(allow({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }), 'x:Y', '*', tags)).toBe(
      'implicit-deny',
    );
    expect(decide(allow({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }), 'x:Y', '*')).toBe('allow');
    expect(decide(allow({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['cost'] } }), 'x:Y', '*', tags)).toBe('allow');
    expect(decide(allow({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['cost'] } }), 'x:Y', '*')).toBe(
      'implicit-deny',
    );
    // Every operator and every key of a statement must hold.
    expect(
      decide(allow({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' }, Null: { [key]: 'false' } }), 'x:Y', '*', {
        'aws:RequestedRegion': 'us-east-1',
      }),
    ).toBe('implicit-deny');
    // Condition keys are case-insensitive.
    expect(
      decide(allow({ StringEquals: { 'AWS:REQUESTEDREGION': 'us-east-1' } }), 'x:Y', '*', {
        'aws:RequestedRegion': 'us-east-1',
      }),
    ).toBe('allow');
  });

  it('refuses a malformed policy, naming the element', () => {
    const bad = (policy: unknown) => {
      try {
        parsePolicy(policy);
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyDocumentError);
        return (error as Error).message;
      }
      throw new Error('expected a PolicyDocumentError');
    };
    expect(bad('{')).toMatch(/^\$: not JSON/);
    expect(bad({ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] })).toBe(
      "$.Statement[0].Effect: must be 'Allow' or 'Deny'",
    );
    expect(bad({ Statement: [{ Effect: 'Allow', Action: '*', NotAction: 'x:y', Resource: '*' }] })).toBe(
      '$.Statement[0]: a statement needs exactly one of Action and NotAction',
    );
    expect(bad({ Statement: [{ Effect: 'Allow', Action: 'nocolon', Resource: '*' }] })).toBe(
      "$.Statement[0].Action: 'nocolon' is not service:Action",
    );
    expect(bad(JSON.parse('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","__proto__":{}}]}'))).toBe(
      '$.Statement[0].__proto__: is not a valid name',
    );
  });
});
