import { describe, expect, it } from 'vitest';
import { detectFormat, parseTemplateDocument, parseTemplateText, toPlainTemplate } from '../src/index.ts';
import { lines } from '@toolkit/test-support';

describe('parseTemplateText', () => {
  it('parses a YAML body into long forms', () => {
    const { template, diagnostics } = parseTemplateText(
      lines(
        'Resources:',
        '  Topic:',
        '    Type: AWS::SNS::Topic',
        '    Condition: IsProd',
        '    Properties:',
        '      TopicName: !Sub "${AWS::StackName}-t"',
        'Outputs:',
        '  Arn: {Value: !GetAtt Topic.TopicArn}',
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(template).toEqual({
      Resources: {
        Topic: {
          Type: 'AWS::SNS::Topic',
          Condition: 'IsProd',
          Properties: { TopicName: { 'Fn::Sub': '${AWS::StackName}-t' } },
        },
      },
      Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Topic', 'TopicArn'] } } },
    });
  });

  it('parses a JSON body, keeping key order', () => {
    const body = JSON.stringify({
      Resources: {
        Z: { Type: 'AWS::SNS::Topic' },
        A: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Join': ['-', ['a', { Ref: 'B' }]] } } },
      },
    });
    expect(detectFormat(body)).toBe('json');
    const { template, diagnostics } = parseTemplateText(body);
    expect(diagnostics).toEqual([]);
    expect(JSON.stringify(template)).toBe(body);
  });

  it('returns diagnostics and no template for bad input, naming the given file', () => {
    const result = parseTemplateText('Resources:\n  A:\n    Type: !Reff X\n', 'body.yaml');
    expect(result.template).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.position])).toEqual([
      ['TEMPLATE_UNKNOWN_TAG', { file: 'body.yaml', line: 3, column: 11 }],
    ]);
    expect(parseTemplateText('{"Resources": ').diagnostics[0]?.code).toBe('TEMPLATE_SYNTAX');
  });

  it("keeps a `__proto__` key as data instead of letting it replace an object's prototype", () => {
    const { template } = parseTemplateText(
      lines('Resources:', '  A:', '    Type: X', '    Properties:', '      __proto__: {Polluted: 1}', '      Name: n'),
    );
    const properties = (template!.Resources as Record<string, Record<string, object>>).A!.Properties!;
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(Object.keys(properties)).toEqual(['__proto__', 'Name']);
    expect(Object.getOwnPropertyDescriptor(properties, '__proto__')?.value).toEqual({ Polluted: 1 });
    expect((properties as { Polluted?: unknown }).Polluted).toBeUndefined();
  });

  it('resolves each alias to the latest anchor of its name before it, in one pass over the document', () => {
    const text =
      lines(
        'Resources:',
        '  A:',
        '    Type: X',
        'Metadata:',
        '  a: &v first',
        '  b: *v',
        '  c: &v second',
        '  d: *v',
        '  l:',
      ) +
      '\n' +
      '    - *v\n'.repeat(2_000);
    const { template, diagnostics } = parseTemplateText(text);
    expect(diagnostics).toEqual([]);
    const metadata = template?.Metadata as { b: string; d: string; l: string[] };
    expect([metadata.b, metadata.d]).toEqual(['first', 'second']);
    expect(metadata.l.length).toBe(2_000);
    expect(new Set(metadata.l)).toEqual(new Set(['second']));
  });

  it('gives JSON bodies the data and the diagnostics of the full parser', () => {
    const clean = JSON.stringify({
      Description: 'caf\u00e9 "quoted" \\ a:b',
      Parameters: { N: { Type: 'Number', Default: 1.5e3 } },
      Resources: { A: { Type: 'X', Properties: { List: [1, { 'k:': [] }, null, true], '\u0041': 'escaped key' } } },
    });
    const full = toPlainTemplate(parseTemplateDocument(clean, 'template.yaml').document);
    expect(parseTemplateText(clean)).toEqual({ template: full, diagnostics: [] });
    const codes = (text: string) => parseTemplateText(text).diagnostics.map((d) => [d.code, d.position?.line]);
    expect(codes('{\n"Resources": {"A": {"Type": "X"}},\n"Resources": {}}')).toEqual([['TEMPLATE_SYNTAX', 3]]);
    expect(codes('{"Resources": {"A": {"Type": "X", "\\u0054ype": "Y"}}}')).toEqual([['TEMPLATE_SYNTAX', 1]]);
    expect(codes('{"Resources": {"A": {}}}')).toEqual([['TEMPLATE_RESOURCE_TYPE_MISSING', 1]]);
    expect(codes('{"Resources": [], "Extra": 1}').map(([code]) => code)).toEqual([
      'TEMPLATE_UNKNOWN_SECTION',
      'TEMPLATE_RESOURCES_NOT_MAPPING',
    ]);
    const deep = `{"Resources": {"A": {"Type": "X", "Properties": {"P": ${'['.repeat(200)}${']'.repeat(200)}}}}}`;
    expect(codes(deep)).toEqual([['TEMPLATE_TOO_DEEP', 1]]);
  });
});
