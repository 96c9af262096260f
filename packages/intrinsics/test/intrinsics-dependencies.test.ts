import { describe, expect, it } from 'vitest';
import { findDependencies, validateTemplateReferences } from '../src/index.ts';

describe('findDependencies', () => {
  it('collects Ref, GetAtt (both forms), Sub variables and DependsOn, without parameters or pseudo parameters', () => {
    const body = {
      Type: 'AWS::Lambda::Function',
      DependsOn: ['Table', 'Queue'],
      Properties: {
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Code: { S3Bucket: { Ref: 'ArtifactBucket' }, S3Key: { Ref: 'Key' } },
        Environment: {
          Variables: {
            A: { 'Fn::Sub': '${Bucket}/${Topic.TopicName}/${AWS::Region}/${!Escaped}/${Key}/${Local}' },
            B: { 'Fn::Sub': ['${Local}', { Local: { 'Fn::GetAtt': 'Stream.Arn' } }] },
            C: { 'Fn::If': ['Cond', { Ref: 'WhenTrue' }, { Ref: 'WhenFalse' }] },
            D: { Ref: 'AWS::NoValue' },
          },
        },
      },
    };
    expect([...findDependencies(body, ['Key'])].sort()).toEqual(
      [
        'ArtifactBucket',
        'Bucket',
        'Local',
        'Queue',
        'Role',
        'Stream',
        'Table',
        'Topic',
        'WhenFalse',
        'WhenTrue',
      ].sort(),
    );
  });

  it('accepts DependsOn as a string and returns an empty set for plain values', () => {
    expect([...findDependencies({ DependsOn: 'Only' })]).toEqual(['Only']);
    expect(findDependencies({ Properties: { Name: 'x' } }).size).toBe(0);
  });
});

describe('validateTemplateReferences', () => {
  it('accepts a template whose references all resolve', () => {
    const template = {
      Parameters: { Env: { Type: 'String' } },
      Mappings: { M: { a: { b: 'c' } } },
      Conditions: {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      },
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Condition: 'IsProd' },
        Fn: {
          Type: 'AWS::Lambda::Function',
          DependsOn: 'Bucket',
          Properties: {
            A: { 'Fn::Sub': '${Bucket.Arn}-${Env}-${AWS::StackName}' },
            B: { 'Fn::If': ['NotProd', { 'Fn::FindInMap': ['M', 'a', 'b'] }, { Ref: 'AWS::NoValue' }] },
          },
        },
      },
      Outputs: {
        Arn: {
          Condition: 'IsProd',
          Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] },
          Export: { Name: { 'Fn::Sub': '${AWS::StackName}-arn' } },
        },
      },
    };
    expect(validateTemplateReferences(template)).toEqual([]);
  });

  it('lists every unresolved reference with CloudFormation words', () => {
    const template = {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { Bad: { 'Fn::Equals': [{ Ref: 'Bucket' }, 'x'] }, Worse: { Condition: 'Nope' } },
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Condition: 'Undefined', DependsOn: ['Ghost'] },
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            A: { Ref: 'Missing' },
            B: { 'Fn::GetAtt': ['Absent', 'Arn'] },
            C: { 'Fn::Sub': '${Gone}' },
            D: { 'Fn::If': ['NoSuchCondition', 1, 2] },
            E: { 'Fn::FindInMap': ['NoMap', 'a', 'b'] },
          },
        },
      },
      Outputs: { Out: { Value: { Ref: 'Phantom' } } },
    };
    const problems = validateTemplateReferences(template).map(({ code, block, logicalId, reference, message }) => ({
      code,
      block,
      logicalId,
      reference,
      message,
    }));
    expect(problems).toEqual([
      {
        code: 'INTRINSIC_CONDITION_REFERENCES_RESOURCE',
        block: 'Conditions',
        logicalId: 'Bad',
        reference: 'Bucket',
        message:
          'Template format error: Unresolved dependencies [Bucket]. Cannot reference resources in the Conditions block of the template',
      },
      {
        code: 'INTRINSIC_UNRESOLVED_CONDITION',
        block: 'Conditions',
        logicalId: 'Worse',
        reference: 'Nope',
        message:
          'Template format error: Unresolved condition dependencies [Nope] in the Conditions block of the template',
      },
      {
        code: 'INTRINSIC_UNRESOLVED_REFERENCE',
        block: 'Resources',
        logicalId: 'Bucket',
        reference: 'Ghost',
        message:
          'Template format error: Unresolved resource dependencies [Ghost] in the Resources block of the template',
      },
      {
        code: 'INTRINSIC_UNRESOLVED_CONDITION',
        block: 'Resources',
        logicalId: 'Bucket',
        reference: 'Undefined',
        message:
          'Template format error: Unresolved condition dependencies [Undefined] in the Resources block of the template',
      },
      {
        code: 'INTRINSIC_UNRESOLVED_REFERENCE',
        block: 'Resources',
        logicalId: 'Fn',
        reference: 'Missing',
        message:
          'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
      },
      {
        code: 'INTRINSIC_UNDEFINED_RESOURCE',
        block: 'Resources',
        logicalId: 'Fn',
        reference: 'Absent',
        message: 'Template error: instance of Fn::GetAtt references undefined resource Absent',
      },
      {
        code: 'INTRINSIC_UNRESOLVED_REFERENCE',
        block: 'Resources',
        logicalId: 'Fn',
        reference: 'Gone',
        message:
          'Template format error: Unresolved resource dependencies [Gone] in the Resources block of the template',
      },
      {
        code: 'INTRINSIC_UNRESOLVED_CONDITION',
        block: 'Resources',
        logicalId: 'Fn',
        reference: 'NoSuchCondition',
        message: 'Template error: unresolved condition dependency NoSuchCondition in Fn::If',
      },
      {
        code: 'INTRINSIC_MAPPING_NOT_FOUND',
        block: 'Resources',
        logicalId: 'Fn',
        reference: 'NoMap',
        message: 'Template error: Unable to get mapping for NoMap',
      },
      {
        code: 'INTRINSIC_UNRESOLVED_REFERENCE',
        block: 'Outputs',
        logicalId: 'Out',
        reference: 'Phantom',
        message:
          'Template format error: Unresolved resource dependencies [Phantom] in the Outputs block of the template',
      },
    ]);
  });
});
