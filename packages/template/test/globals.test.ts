import { describe, expect, it } from 'vitest';
import { applyGlobals, globalPropertiesFor, isIntrinsic, mergeGlobals } from '../src/index.ts';

describe('mergeGlobals', () => {
  it('prefers the resource value for scalars and for differing shapes', () => {
    expect(mergeGlobals('python3.12', 'nodejs20.x')).toBe('nodejs20.x');
    expect(mergeGlobals('s3://b/k', { Bucket: 'b', Key: 'k' })).toEqual({ Bucket: 'b', Key: 'k' });
    expect(mergeGlobals(['a'], { x: 1 })).toEqual({ x: 1 });
    expect(mergeGlobals(10, undefined)).toBe(10);
    expect(mergeGlobals(undefined, 5)).toBe(5);
  });

  it('treats intrinsics as scalars', () => {
    expect(isIntrinsic({ Ref: 'X' })).toBe(true);
    expect(isIntrinsic({ 'Fn::If': ['C', 1, 2] })).toBe(true);
    expect(isIntrinsic({ Ref: 'X', Other: 1 })).toBe(false);
    expect(
      mergeGlobals({ Variables: { A: '1' } }, { 'Fn::If': ['C', { Variables: {} }, { Ref: 'AWS::NoValue' }] }),
    ).toEqual({
      'Fn::If': ['C', { Variables: {} }, { Ref: 'AWS::NoValue' }],
    });
  });

  it('merges maps recursively and concatenates lists, globals first', () => {
    expect(
      mergeGlobals(
        { Environment: { Variables: { TABLE: 'global', STAGE: 'dev' } }, Layers: ['l1'], Timeout: 3 },
        { Environment: { Variables: { STAGE: 'prod', EXTRA: 'x' } }, Layers: ['l2'], MemorySize: 256 },
      ),
    ).toEqual({
      Environment: { Variables: { TABLE: 'global', STAGE: 'prod', EXTRA: 'x' } },
      Layers: ['l1', 'l2'],
      Timeout: 3,
      MemorySize: 256,
    });
  });
});

describe('applyGlobals', () => {
  const template = {
    Globals: {
      Function: { Runtime: 'nodejs20.x', CodeUri: 'src', Tags: { team: 'a' } },
      SimpleTable: { SSESpecification: { SSEEnabled: true } },
    },
    Resources: {
      Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'index.handler', Tags: { app: 'x' } } },
      Bare: { Type: 'AWS::Serverless::Function' },
      Ignores: { Type: 'AWS::Serverless::Function', IgnoreGlobals: ['Runtime'], Properties: { Handler: 'h' } },
      IgnoresAll: { Type: 'AWS::Serverless::Function', IgnoreGlobals: '*', Properties: { Handler: 'h' } },
      Topic: { Type: 'AWS::SNS::Topic' },
    },
  };

  it('merges Globals into SAM resources and drops the section', () => {
    expect(applyGlobals(template)).toEqual({
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            Runtime: 'nodejs20.x',
            CodeUri: 'src',
            Tags: { team: 'a', app: 'x' },
            Handler: 'index.handler',
          },
        },
        Bare: {
          Type: 'AWS::Serverless::Function',
          Properties: { Runtime: 'nodejs20.x', CodeUri: 'src', Tags: { team: 'a' } },
        },
        Ignores: {
          Type: 'AWS::Serverless::Function',
          IgnoreGlobals: ['Runtime'],
          Properties: { CodeUri: 'src', Tags: { team: 'a' }, Handler: 'h' },
        },
        IgnoresAll: { Type: 'AWS::Serverless::Function', IgnoreGlobals: '*', Properties: { Handler: 'h' } },
        Topic: { Type: 'AWS::SNS::Topic' },
      },
    });
    expect(template.Resources.Fn.Properties).toEqual({ Handler: 'index.handler', Tags: { app: 'x' } });
  });

  it('looks up the section for a resource type', () => {
    expect(globalPropertiesFor(template, 'AWS::Serverless::SimpleTable')).toEqual({
      SSESpecification: { SSEEnabled: true },
    });
    expect(globalPropertiesFor(template, 'AWS::Lambda::Function')).toEqual({});
  });
});
