import { describe, expect, it } from 'vitest';
import { evaluateConditions, IntrinsicError, type IntrinsicContext } from '../src/index.ts';

const context: IntrinsicContext = {
  parameters: { Env: 'prod', Count: 2, Zones: ['a', 'b'] },
  pseudoParameters: { region: 'us-east-1', accountId: '123456789012', stackName: 'demo', stackId: 'id' },
};

function errorOf(template: Record<string, unknown>, ctx: IntrinsicContext = context): IntrinsicError {
  try {
    evaluateConditions(template, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(IntrinsicError);
    return error as IntrinsicError;
  }
  throw new Error('expected an IntrinsicError');
}

describe('evaluateConditions', () => {
  it('evaluates Equals/And/Or/Not and conditions referring to other conditions, in any order', () => {
    const template = {
      Mappings: { Envs: { prod: { Big: 'true' } } },
      Conditions: {
        IsBigProd: {
          'Fn::And': [
            { Condition: 'IsProd' },
            { 'Fn::Equals': [{ 'Fn::FindInMap': ['Envs', { Ref: 'Env' }, 'Big'] }, true] },
          ],
        },
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
        DevOrTwo: { 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['2', { Ref: 'Count' }] }] },
        InRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        TwoZones: { 'Fn::Equals': [{ 'Fn::Join': [',', { Ref: 'Zones' }] }, 'a,b'] },
      },
    };
    expect(evaluateConditions(template, context)).toEqual({
      IsBigProd: true,
      IsProd: true,
      IsDev: false,
      DevOrTwo: true,
      InRegion: true,
      TwoZones: true,
    });
  });

  it('returns an empty record for a template without Conditions', () => {
    expect(evaluateConditions({ Resources: {} }, context)).toEqual({});
  });

  it('refuses conditions that reference resources', () => {
    const error = errorOf({
      Resources: { Bucket: { Type: 'AWS::S3::Bucket' } },
      Conditions: { C: { 'Fn::Equals': [{ Ref: 'Bucket' }, 'x'] } },
    });
    expect(error.code).toBe('INTRINSIC_CONDITION_REFERENCES_RESOURCE');
    expect(error.message).toBe(
      'Template format error: Unresolved dependencies [Bucket]. Cannot reference resources in the Conditions block of the template',
    );
  });

  it('reports unknown and circular conditions', () => {
    const unknown = errorOf({ Conditions: { A: { Condition: 'Missing' } } });
    expect(unknown.code).toBe('INTRINSIC_UNRESOLVED_CONDITION');
    expect(unknown.message).toBe(
      'Template format error: Unresolved condition dependencies [Missing] in the Conditions block of the template',
    );
    const cycle = errorOf({
      Conditions: { A: { 'Fn::Not': [{ Condition: 'B' }] }, B: { 'Fn::Not': [{ Condition: 'A' }] } },
    });
    expect(cycle.code).toBe('INTRINSIC_CONDITION_CYCLE');
    expect(cycle.message).toContain('[A, B]');
  });

  it('rejects malformed operators and non-boolean conditions', () => {
    expect(errorOf({ Conditions: { A: { 'Fn::Equals': ['a'] } } }).message).toBe(
      'Template error: every Fn::Equals object requires a list of 2 string parameters.',
    );
    expect(errorOf({ Conditions: { A: { 'Fn::And': [true] } } }).message).toBe(
      'Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.',
    );
    expect(errorOf({ Conditions: { A: { 'Fn::Not': [true, false] } } }).message).toBe(
      'Template error: every Fn::Not object requires a list of 1 boolean parameter.',
    );
    expect(errorOf({ Conditions: { A: 'maybe' } }).message).toBe(
      'Template format error: Conditions can only be boolean operations on parameters and other conditions',
    );
  });
});
