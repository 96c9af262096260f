import type { FileProblem } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { findArtifacts, loadTemplateTree, type TemplateFiles } from '../src/index.ts';
import { lines } from '@toolkit/test-support';

/** Template files held in memory: the package reads nothing but what it is given. */
function memoryFiles(entries: Record<string, string | 'dir'>): TemplateFiles {
  const files = new Map(Object.entries(entries));
  return {
    read: async (file): Promise<{ bytes: Uint8Array } | FileProblem> => {
      const text = files.get(file);
      if (text === undefined) return { problem: 'not-found', detail: 'does not exist' };
      if (text === 'dir') return { problem: 'not-regular', detail: 'a folder' };
      return { bytes: new TextEncoder().encode(text) };
    },
    realPath: async (file) => file,
    pathKind: (file) => (files.get(file) === 'dir' ? 'directory' : files.has(file) ? 'file' : undefined),
  };
}

describe('injected file access', () => {
  it('loads a tree and finds its artifacts through the files it is given, not the disk', async () => {
    const files = memoryFiles({
      '/app/template.yaml': lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: src',
        '  Child:',
        '    Type: AWS::CloudFormation::Stack',
        '    Properties:',
        '      TemplateURL: child.yaml',
      ),
      '/app/child.yaml': lines(
        'Resources:',
        '  Layer:',
        '    Type: AWS::Lambda::LayerVersion',
        '    Properties:',
        '      Content: layer.zip',
      ),
      '/app/src': 'dir',
      '/app/layer.zip': 'PK',
    });
    const { root, diagnostics } = await loadTemplateTree('/app/template.yaml', files);
    expect(diagnostics).toEqual([]);
    const scan = findArtifacts(root!, files);
    expect(scan.diagnostics).toEqual([]);
    expect(scan.artifacts.map((a) => [a.id, a.source])).toEqual([
      ['Fn', { kind: 'directory', path: '/app/src' }],
      ['Child/Layer', { kind: 'zip-file', path: '/app/layer.zip' }],
      ['Child', { kind: 'template', path: '/app/child.yaml' }],
    ]);
  });

  it('reports a file the reader does not have as missing', async () => {
    const { root, diagnostics } = await loadTemplateTree('/app/template.yaml', memoryFiles({}));
    expect(root).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['TEMPLATE_NOT_FOUND', 'Template /app/template.yaml does not exist'],
    ]);
  });
});
