import { describe, expect, it } from 'vitest';
import { lines } from '@toolkit/test-support';
import { parseTemplateDocument, sourceScalarTypes, toPlainTemplate } from '@toolkit/template';
import { transformSam } from '../src/index.ts';

// What the YAML wrote that plain data loses, as samtranslator 1.110 (PyYAML) sees it; the ids are its own.
const options = { region: 'ap-southeast-1', accountId: '123456789012' };

function transformYaml(text: string) {
  const { document } = parseTemplateDocument(text, 'template.yaml');
  return transformSam(toPlainTemplate(document), { ...options, sourceTypes: sourceScalarTypes(document) });
}

const withSwagger = (version: string) =>
  lines(
    'Resources:',
    '  MyApi:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: Prod',
    '      DefinitionBody:',
    `        swagger: ${version}`,
    '        info: {title: t}',
    '        paths: {}',
  );

const function_ = (id: string) => [
  `  ${id}:`,
  '    Type: AWS::Serverless::Function',
  '    Properties: {CodeUri: s3://b/k.zip, Handler: i.h, Runtime: nodejs20.x}',
];

describe('the template source’s scalar types in the transform', () => {
  it('hash `swagger: 2` as an int and `swagger: 2.0` as a float', () => {
    const deployment = (text: string) =>
      Object.keys(transformYaml(text).template['Resources'] as object).filter((id) => id.includes('Deployment'));
    expect(deployment(withSwagger('2'))).toEqual(['MyApiDeployment055238261b']);
    expect(deployment(withSwagger('2.0'))).toEqual(['MyApiDeploymentc9cb3ace64']);
  });

  it('reject a resource whose YAML key is an int: samtranslator’s logical ids must be strings', () => {
    const result = transformYaml(lines('Resources:', ...function_('Bad-Id'), ...function_('7'), ...function_('Ok')));
    expect(result.errors).toEqual([
      'Resource with id [7] is invalid. Logical ids must be alphanumeric.',
      'Resource with id [Bad-Id] is invalid. Logical ids must be alphanumeric.',
    ]);
  });

  it('accept an int key when the template has an Api: samtranslator then makes every logical id a string', () => {
    const result = transformYaml(
      lines(
        'Resources:',
        ...function_('7'),
        '  MyApi:',
        '    Type: AWS::Serverless::Api',
        '    Properties: {StageName: Prod}',
      ),
    );
    expect(result.errors).toEqual([]);
  });
});
