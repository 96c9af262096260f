import { localFiles } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { findArtifacts, loadTemplateTree } from '../src/index.ts';
import { lines, useFixtures } from '@toolkit/test-support';

const fixture = useFixtures();

function functionTemplate(codeUri: string, extra: string[] = []): string {
  return lines(
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    `      CodeUri: ${codeUri}`,
    ...extra,
  );
}

describe('nested templates', () => {
  it.each([
    ['AWS::Serverless::Application', 'Location'],
    ['AWS::CloudFormation::Stack', 'TemplateURL'],
  ])('follows %s %s to depth 2 with path-qualified ids', async (type, property) => {
    const fx = fixture({
      'src/': '',
      'child/src/': '',
      'child/grand/src/': '',
      'template.yaml': functionTemplate('src', [
        '  Child:',
        `    Type: ${type}`,
        '    Properties:',
        `      ${property}: child/template.yaml`,
      ]),
      'child/template.yaml': functionTemplate('src', [
        '  Grand:',
        `    Type: ${type}`,
        '    Properties:',
        `      ${property}: ./grand/template.yaml`,
      ]),
      'child/grand/template.yaml': functionTemplate('./src'),
    });
    const { root, diagnostics } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
    expect(diagnostics).toEqual([]);
    const child = root?.children.get('Child');
    const grand = child?.children.get('Grand');
    expect(child?.stackPath).toEqual(['Child']);
    expect(grand?.stackPath).toEqual(['Child', 'Grand']);
    expect(grand?.file).toBe(fx.file('child/grand/template.yaml'));

    const scan = findArtifacts(root!, localFiles);
    expect(scan.diagnostics).toEqual([]);
    expect(scan.artifacts.map((a) => [a.id, a.logicalId, a.stackPath, a.property, a.source, a.templateFile])).toEqual([
      ['Fn', 'Fn', [], 'CodeUri', { kind: 'directory', path: fx.file('src') }, fx.file('template.yaml')],
      [
        'Child/Fn',
        'Fn',
        ['Child'],
        'CodeUri',
        { kind: 'directory', path: fx.file('child/src') },
        fx.file('child/template.yaml'),
      ],
      [
        'Child/Grand/Fn',
        'Fn',
        ['Child', 'Grand'],
        'CodeUri',
        { kind: 'directory', path: fx.file('child/grand/src') },
        fx.file('child/grand/template.yaml'),
      ],
      [
        'Child/Grand',
        'Grand',
        ['Child'],
        property,
        { kind: 'template', path: fx.file('child/grand/template.yaml') },
        fx.file('child/template.yaml'),
      ],
      [
        'Child',
        'Child',
        [],
        property,
        { kind: 'template', path: fx.file('child/template.yaml') },
        fx.file('template.yaml'),
      ],
    ]);
  });

  it('leaves remote and Serverless Application Repository locations alone', async () => {
    const fx = fixture({
      'template.yaml': lines(
        'Resources:',
        '  Remote:',
        '    Type: AWS::CloudFormation::Stack',
        '    Properties:',
        '      TemplateURL: https://s3.us-east-1.amazonaws.com/bucket/child.yaml',
        '  Sar:',
        '    Type: AWS::Serverless::Application',
        '    Properties:',
        '      Location:',
        '        ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/app',
        '        SemanticVersion: 1.0.0',
      ),
    });
    const { root, diagnostics } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
    expect(diagnostics).toEqual([]);
    expect(root?.children.size).toBe(0);
    expect(findArtifacts(root!, localFiles).artifacts).toEqual([]);
  });
});
