import { localFiles } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import {
  applyPendingEdits,
  findArtifacts,
  fileUploadZipsFiles,
  loadTemplateTree,
  parseTemplateDocument,
  rewriteArtifact,
  toPlainTemplate,
  uploadedFiles,
} from '../src/index.ts';
import { lines, useFixtures } from '@toolkit/test-support';

const fixture = useFixtures();

/** Three repositories: initial content in a folder, in a lone file, and already in S3. */
const template = lines(
  'Resources:',
  '  Folder:',
  '    Type: AWS::CodeCommit::Repository',
  '    Properties:',
  '      RepositoryName: folder',
  '      Code: { BranchName: main, S3: seed/ }',
  '  Lone:',
  '    Type: AWS::CodeCommit::Repository',
  '    Properties:',
  '      RepositoryName: lone',
  '      Code:',
  '        S3: README.md',
  '  Remote:',
  '    Type: AWS::CodeCommit::Repository',
  '    Properties:',
  '      RepositoryName: remote',
  '      Code: { S3: { Bucket: b, Key: seed.zip } }',
);

describe('AWS::CodeCommit::Repository Code.S3, as aws cloudformation package packages it', () => {
  it('finds a local folder or file, always uploaded as a zip, and rewrites it to {Bucket, Key, ObjectVersion}', async () => {
    const fx = fixture({ 'template.yaml': template, 'seed/README.md': '# seed\n', 'README.md': '# lone\n' });
    const { root } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
    const scan = findArtifacts(root!, localFiles);
    expect(scan.diagnostics).toEqual([]);
    expect(scan.artifacts.map((a) => [a.id, a.property, a.at, a.source])).toEqual([
      [
        'Folder',
        'S3',
        ['Resources', 'Folder', 'Properties', 'Code'],
        { kind: 'file', path: fx.file('seed'), form: 'bucket-key-object-version' },
      ],
      [
        'Lone',
        'S3',
        ['Resources', 'Lone', 'Properties', 'Code'],
        { kind: 'file', path: fx.file('README.md'), form: 'bucket-key-object-version' },
      ],
    ]);
    expect(fileUploadZipsFiles('AWS::CodeCommit::Repository', 'S3')).toBe(true);
    expect(fileUploadZipsFiles('AWS::CloudFormation::ModuleVersion', 'ModulePackage')).toBe(false);

    rewriteArtifact(root!, scan.artifacts[0]!, { bucket: 'art', key: 'a.zip', version: 'v1' });
    rewriteArtifact(root!, scan.artifacts[1]!, { bucket: 'art', key: 'b.zip' });
    applyPendingEdits(root!);
    const resources = toPlainTemplate(root!).Resources as Record<string, { Properties: { Code: unknown } }>;
    expect(resources.Folder?.Properties.Code).toEqual({
      BranchName: 'main',
      S3: { Bucket: 'art', Key: 'a.zip', ObjectVersion: 'v1' },
    });
    expect(resources.Lone?.Properties.Code).toEqual({ S3: { Bucket: 'art', Key: 'b.zip' } });
    expect(resources.Remote?.Properties.Code).toEqual({ S3: { Bucket: 'b', Key: 'seed.zip' } });

    // What `toolkit delete` reads back from the packaged template.
    const packaged = parseTemplateDocument(root!.renderedText, 'packaged.yaml');
    expect(uploadedFiles(packaged.document.contents)).toEqual([
      { logicalId: 'Folder', property: 'Code.S3', bucket: 'art', key: 'a.zip', version: 'v1' },
      { logicalId: 'Lone', property: 'Code.S3', bucket: 'art', key: 'b.zip' },
      { logicalId: 'Remote', property: 'Code.S3', bucket: 'b', key: 'seed.zip' },
    ]);
  });

  it('names a missing one by its path from Properties, at its line and column', async () => {
    const fx = fixture({ 'template.yaml': template, 'seed/README.md': '# seed\n' });
    const { root } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
    const scan = findArtifacts(root!, localFiles);
    expect(scan.diagnostics.map((d) => [d.code, d.position?.line, d.position?.column, d.message])).toEqual([
      [
        'TEMPLATE_ARTIFACT_NOT_FOUND',
        12,
        13,
        expect.stringContaining('Code.S3 of Lone points at README.md, which does not exist'),
      ],
    ]);
  });
});
