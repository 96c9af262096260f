import { symlinkSync } from 'node:fs';
import { localFiles } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { findArtifacts, loadTemplateTree } from '../src/index.ts';
import { lines, useFixtures } from '@toolkit/test-support';

const fixture = useFixtures();

function stack(id: string, file: string): string[] {
  return [`  ${id}:`, '    Type: AWS::CloudFormation::Stack', '    Properties:', `      TemplateURL: ${file}`];
}

const fn = ['  Fn:', '    Type: AWS::Serverless::Function', '    Properties:', '      CodeUri: src'];

describe('a template nested at several places', () => {
  it('is loaded once and shared, its artifacts named by the first path to it', async () => {
    const fx = fixture({
      'src/': '',
      'template.yaml': lines('Resources:', ...stack('A', 'a.yaml'), ...stack('B', 'b.yaml')),
      'a.yaml': lines('Resources:', ...stack('S', 'shared.yaml')),
      'b.yaml': lines('Resources:', ...stack('S', './shared.yaml'), ...stack('Link', 'link.yaml')),
      'shared.yaml': lines('Resources:', ...fn),
    });
    symlinkSync(fx.file('shared.yaml'), fx.file('link.yaml'));
    const { root, diagnostics } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
    expect(diagnostics).toEqual([]);
    const viaA = root?.children.get('A')?.children.get('S');
    const viaB = root?.children.get('B')?.children.get('S');
    expect(viaA).toBeDefined();
    // The same file by another path, and by a symbolic link: one node.
    expect(viaB).toBe(viaA);
    expect(root?.children.get('B')?.children.get('Link')).toBe(viaA);
    expect(viaA?.stackPath).toEqual(['A', 'S']);

    const scan = findArtifacts(root!, localFiles);
    expect(scan.artifacts.map((a) => `${a.id} ${a.source.kind}`)).toEqual([
      'A/S/Fn directory',
      'A/S template',
      'A template',
      'B/S template',
      'B/Link template',
      'B template',
    ]);
  });

  it('keeps two files with the same text apart: their relative paths may mean different things', async () => {
    const fx = fixture({
      'one/src/': '',
      'two/src/': '',
      'template.yaml': lines('Resources:', ...stack('One', 'one/child.yaml'), ...stack('Two', 'two/child.yaml')),
      'one/child.yaml': lines('Resources:', ...fn),
      'two/child.yaml': lines('Resources:', ...fn),
    });
    const { root } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
    const scan = findArtifacts(root!, localFiles);
    expect(
      scan.artifacts
        .filter((a) => a.source.kind === 'directory')
        .map((a) => [a.id, (a.source as { path: string }).path]),
    ).toEqual([
      ['One/Fn', fx.file('one/src')],
      ['Two/Fn', fx.file('two/src')],
    ]);
  });
});
