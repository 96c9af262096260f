import { describe, expect, it } from 'vitest';
import { lines } from '@toolkit/test-support';
import { jsonPointer, parseTemplateDocument, sourceScalarTypes, toPlainTemplate } from '../src/index.ts';

const parse = (text: string, file = 'template.yaml') => parseTemplateDocument(text, file).document;

describe('sourceScalarTypes', () => {
  it('marks whole numbers written as floats where the plain data puts them, and nothing else', () => {
    const document = parse(
      lines(
        'Resources:',
        '  Api:',
        '    Type: AWS::Serverless::Api',
        '    Properties:',
        '      DefinitionBody:',
        '        swagger: 2.0',
        '        count: 2',
        '        half: 2.5',
        '        quoted: "2.0"',
        '        exp: 1e3',
        '        list: [1.0, 3]',
        '        sub: !Sub ["x", {v: 4.0}]',
        '        shared: &a {w: 5.0}',
        '        again: *a',
        '        a/b~: 6.',
      ),
    );
    const body = ['Resources', 'Api', 'Properties', 'DefinitionBody'];
    expect([...sourceScalarTypes(document).integralFloats].sort()).toEqual(
      [
        [...body, 'swagger'],
        [...body, 'exp'],
        [...body, 'list', 0],
        [...body, 'sub', 'Fn::Sub', 1, 'v'],
        [...body, 'shared', 'w'],
        [...body, 'again', 'w'],
        [...body, 'a/b~'],
      ]
        .map(jsonPointer)
        .sort(),
    );
    // What every other reader sees is unchanged: plain numbers.
    const plain = toPlainTemplate(document) as { Resources: { Api: { Properties: { DefinitionBody: object } } } };
    expect(plain.Resources.Api.Properties.DefinitionBody).toMatchObject({ swagger: 2, count: 2, 'a/b~': 6 });
  });

  it('reads JSON floats the same way', () => {
    const document = parse('{"Resources": {"A": {"Type": "T", "Properties": {"V": 2.0, "W": 2}}}}', 'template.json');
    expect([...sourceScalarTypes(document).integralFloats]).toEqual(['/Resources/A/Properties/V']);
  });

  it('marks mapping keys that YAML reads as numbers or booleans', () => {
    const document = parse(
      lines('Resources:', '  0: {Type: T}', '  "1": {Type: T}', '  Name: {Type: T}', '  true: {Type: T}'),
    );
    expect([...sourceScalarTypes(document).nonStringKeys]).toEqual(['/Resources/0', '/Resources/true']);
    expect(Object.keys(toPlainTemplate(document)['Resources'] as object)).toEqual(['0', '1', 'Name', 'true']);
  });
});
