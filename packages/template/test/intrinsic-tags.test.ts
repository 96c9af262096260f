import { describe, expect, it } from 'vitest';
import {
  INTRINSIC_FUNCTION_NAMES,
  longFormKey,
  parseTemplateDocument,
  renderDocument,
  toPlainTemplate,
} from '../src/index.ts';
import { lines } from '@toolkit/test-support';

function resourcesWith(value: string): string {
  return lines('Resources:', '  Thing:', '    Type: AWS::SNS::Topic', '    Properties:', `      Value: ${value}`);
}

function roundTrip(text: string): string {
  const parsed = parseTemplateDocument(text, 'template.yaml');
  expect(parsed.diagnostics).toEqual([]);
  return renderDocument(parsed.document, 'yaml');
}

function plainValue(value: string): unknown {
  const parsed = parseTemplateDocument(resourcesWith(value), 'template.yaml');
  expect(parsed.diagnostics).toEqual([]);
  const resources = toPlainTemplate(parsed.document)['Resources'] as Record<string, { Properties: { Value: unknown } }>;
  return resources['Thing']?.Properties.Value;
}

describe('short intrinsic tags', () => {
  it.each(INTRINSIC_FUNCTION_NAMES)('!%s round-trips in scalar, sequence and mapping forms', (name) => {
    for (const value of [
      `!${name} Something`,
      `!${name} 'quoted value'`,
      `!${name} [a, !Ref B]`,
      `!${name} {Key: value}`,
    ]) {
      const text = resourcesWith(value);
      expect(roundTrip(text)).toBe(text);
    }
    const block = lines(
      'Resources:',
      '  Thing:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      `      Value: !${name}`,
      '        - a',
      '        - b',
    );
    expect(roundTrip(block)).toBe(block);
  });

  it.each(INTRINSIC_FUNCTION_NAMES)('!%s becomes its long form', (name) => {
    expect(plainValue(`!${name} Something`)).toEqual({
      [longFormKey(name)]: name === 'GetAtt' ? ['Something'] : 'Something',
    });
    expect(plainValue(`!${name} [a, 1]`)).toEqual({ [longFormKey(name)]: ['a', 1] });
    expect(plainValue(`!${name} {Key: value}`)).toEqual({ [longFormKey(name)]: { Key: 'value' } });
  });

  it('writes the long forms CloudFormation reads', () => {
    expect(plainValue('!Ref Bucket')).toEqual({ Ref: 'Bucket' });
    expect(plainValue('!Condition IsProd')).toEqual({ Condition: 'IsProd' });
    expect(plainValue('!GetAtt Fn.Arn')).toEqual({ 'Fn::GetAtt': ['Fn', 'Arn'] });
    expect(plainValue('!GetAtt A.B.C')).toEqual({ 'Fn::GetAtt': ['A', 'B.C'] });
    expect(plainValue('!GetAtt [A, B]')).toEqual({ 'Fn::GetAtt': ['A', 'B'] });
    expect(plainValue('!Sub "${AWS::Region}-x"')).toEqual({ 'Fn::Sub': '${AWS::Region}-x' });
    expect(plainValue('!Sub ["${A}", {A: !Ref B}]')).toEqual({ 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] });
    expect(plainValue("!Join ['-', [a, !Ref X]]")).toEqual({ 'Fn::Join': ['-', ['a', { Ref: 'X' }]] });
    expect(plainValue("!Select [0, !GetAZs '']")).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(plainValue("!Split [',', !ImportValue shared]")).toEqual({
      'Fn::Split': [',', { 'Fn::ImportValue': 'shared' }],
    });
    expect(plainValue('!If [IsProd, !Base64 abc, !Ref AWS::NoValue]')).toEqual({
      'Fn::If': ['IsProd', { 'Fn::Base64': 'abc' }, { Ref: 'AWS::NoValue' }],
    });
    expect(plainValue('!And [!Equals [a, b], !Or [!Not [!Condition C], !Condition D]]')).toEqual({
      'Fn::And': [
        { 'Fn::Equals': ['a', 'b'] },
        { 'Fn::Or': [{ 'Fn::Not': [{ Condition: 'C' }] }, { Condition: 'D' }] },
      ],
    });
    expect(plainValue("!FindInMap [M, !Ref 'AWS::Region', k]")).toEqual({
      'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'k'],
    });
    expect(plainValue('!Cidr [10.0.0.0/16, 4, 8]')).toEqual({ 'Fn::Cidr': ['10.0.0.0/16', 4, 8] });
    expect(plainValue('!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}')).toEqual({
      'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } },
    });
    expect(plainValue("!GetAZs ''")).toEqual({ 'Fn::GetAZs': '' });
  });

  it('keeps comments, key order and tags when the document is edited and written back', () => {
    const text = lines(
      '# Template header',
      'Resources:',
      '  # the bucket',
      '  Zeta:',
      '    Type: AWS::S3::Bucket # inline comment',
      '    Properties:',
      '      BucketName: !Sub "${AWS::StackName}-zeta"',
      '  Alpha:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      TopicName: !GetAtt Zeta.Arn',
      '      Tags: !If',
      '        - IsProd',
      '        - [{Key: a, Value: !Ref B}]',
      '        - !Ref AWS::NoValue',
    );
    const parsed = parseTemplateDocument(text, 'template.yaml');
    parsed.document.setIn(['Resources', 'Alpha', 'Properties', 'DisplayName'], 'alpha');
    expect(renderDocument(parsed.document, 'yaml')).toBe(
      text.replace('        - !Ref AWS::NoValue\n', '        - !Ref AWS::NoValue\n      DisplayName: alpha\n'),
    );
  });

  it('reads long forms unchanged', () => {
    expect(plainValue('{"Fn::GetAtt": [A, B]}')).toEqual({ 'Fn::GetAtt': ['A', 'B'] });
    expect(plainValue('{Ref: X}')).toEqual({ Ref: 'X' });
  });
});
