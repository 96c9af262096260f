import { localFiles } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import {
  findArtifacts,
  loadTemplateTree,
  rewriteArtifact,
  serializeTemplate,
  toPlainTemplate,
  type Artifact,
  type ArtifactLocation,
  type TemplateNode,
} from '../src/index.ts';
import { lines, useFixtures } from '@toolkit/test-support';

const fixture = useFixtures();

async function loadWith(
  files: Record<string, string>,
  rootName = 'template.yaml',
): Promise<{ root: TemplateNode; artifacts: Artifact[] }> {
  const fx = fixture(files);
  const { root, diagnostics } = await loadTemplateTree(fx.file(rootName), localFiles);
  expect(diagnostics).toEqual([]);
  if (root === undefined) throw new Error('no root');
  const scan = findArtifacts(root, localFiles);
  expect(scan.diagnostics).toEqual([]);
  return { root, artifacts: scan.artifacts };
}

function rewrite(root: TemplateNode, artifacts: Artifact[], id: string, location: ArtifactLocation): void {
  const artifact = artifacts.find((a) => a.id === id && a.source.kind !== 'template');
  if (artifact === undefined) throw new Error(`no artifact ${id}`);
  rewriteArtifact(root, artifact, location);
}

describe('rewriteArtifact', () => {
  it('rewrites CodeUri, ContentUri, Code and Content in their own forms, touching nothing else', async () => {
    const template = lines(
      '# Release stack',
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Plain:   # first function',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: ./fn     # source folder',
      '      Handler: index.handler',
      '      Role: !GetAtt [Role, Arn]',
      '  Versioned:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri:',
      '        Bucket: old',
      '        Key: old.zip',
      '      Environment: {Variables: {TABLE: !Ref Table}}',
      '  SamLayer:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties: {ContentUri: layer, RetentionPolicy: Retain}',
      '  Lambda:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Code: fn',
      '      Runtime: nodejs20.x',
      '  LambdaLayer:',
      '    Type: AWS::Lambda::LayerVersion',
      '    Properties:',
      "      Content: 'layer'",
      '      CompatibleRuntimes: [nodejs20.x]',
      'Outputs:',
      '  Arn: {Value: !Sub "${Plain.Arn}"}',
    );
    const { root, artifacts } = await loadWith({ 'fn/': '', 'layer/': '', 'template.yaml': template });
    rewrite(root, artifacts, 'Plain', { bucket: 'art', key: 'signed/a.zip' });
    rewrite(root, artifacts, 'Versioned', { bucket: 'art', key: 'signed/b.zip', version: 'v2' });
    rewrite(root, artifacts, 'SamLayer', { bucket: 'art', key: 'signed/l.zip', version: 'null' });
    rewrite(root, artifacts, 'Lambda', { bucket: 'art', key: 'signed/c.zip', version: '3HL4kqtJlcpXroDTDmJ' });
    rewrite(root, artifacts, 'LambdaLayer', { bucket: 'art', key: 'signed/d.zip' });
    expect(serializeTemplate(root)).toBe(
      lines(
        '# Release stack',
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Plain:   # first function',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: s3://art/signed/a.zip     # source folder',
        '      Handler: index.handler',
        '      Role: !GetAtt [Role, Arn]',
        '  Versioned:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri:',
        '        Bucket: art',
        '        Key: signed/b.zip',
        '        Version: v2',
        '      Environment: {Variables: {TABLE: !Ref Table}}',
        '  SamLayer:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties: {ContentUri: {Bucket: art, Key: signed/l.zip, Version: "null"}, RetentionPolicy: Retain}',
        '  Lambda:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code:',
        '        S3Bucket: art',
        '        S3Key: signed/c.zip',
        '        S3ObjectVersion: 3HL4kqtJlcpXroDTDmJ',
        '      Runtime: nodejs20.x',
        '  LambdaLayer:',
        '    Type: AWS::Lambda::LayerVersion',
        '    Properties:',
        '      Content:',
        '        S3Bucket: art',
        '        S3Key: signed/d.zip',
        '      CompatibleRuntimes: [nodejs20.x]',
        'Outputs:',
        '  Arn: {Value: !Sub "${Plain.Arn}"}',
      ),
    );
    const plain = toPlainTemplate(root)['Resources'] as Record<string, { Properties: Record<string, unknown> }>;
    expect(plain['SamLayer']?.Properties['ContentUri']).toEqual({
      Bucket: 'art',
      Key: 'signed/l.zip',
      Version: 'null',
    });
  });

  it('sets a Globals-derived CodeUri on each function and leaves Globals alone', async () => {
    const template = lines(
      'Globals:',
      '  Function:',
      '    CodeUri: src/ # shared code',
      '    Runtime: nodejs20.x',
      'Resources:',
      '  WithProperties:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: a.handler # handler a',
      '      Events:',
      '        Api:',
      '          Type: Api',
      '  NoProperties:',
      '    Type: AWS::Serverless::Function # no props',
      '  Flow:',
      '    Type: AWS::Serverless::Function',
      '    Properties: {Handler: c.handler}',
      '  EmptyFlow:',
      '    Type: AWS::Serverless::Function',
      '    Properties: {}',
      '  Table:',
      '    Type: AWS::Serverless::SimpleTable',
    );
    const { root, artifacts } = await loadWith({ 'src/': '', 'template.yaml': template });
    expect(artifacts.every((a) => a.fromGlobals)).toBe(true);
    rewrite(root, artifacts, 'WithProperties', { bucket: 'b', key: 'a.zip' });
    rewrite(root, artifacts, 'NoProperties', { bucket: 'b', key: 'n.zip', version: 'v1' });
    rewrite(root, artifacts, 'Flow', { bucket: 'b', key: 'f.zip' });
    rewrite(root, artifacts, 'EmptyFlow', { bucket: 'b', key: 'e.zip', version: 'v9' });
    expect(serializeTemplate(root)).toBe(
      lines(
        'Globals:',
        '  Function:',
        '    CodeUri: src/ # shared code',
        '    Runtime: nodejs20.x',
        'Resources:',
        '  WithProperties:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: a.handler # handler a',
        '      Events:',
        '        Api:',
        '          Type: Api',
        '      CodeUri: s3://b/a.zip',
        '  NoProperties:',
        '    Type: AWS::Serverless::Function # no props',
        '    Properties:',
        '      CodeUri:',
        '        Bucket: b',
        '        Key: n.zip',
        '        Version: v1',
        '  Flow:',
        '    Type: AWS::Serverless::Function',
        '    Properties: {Handler: c.handler, CodeUri: s3://b/f.zip}',
        '  EmptyFlow:',
        '    Type: AWS::Serverless::Function',
        '    Properties: {CodeUri: {Bucket: b, Key: e.zip, Version: v9}}',
        '  Table:',
        '    Type: AWS::Serverless::SimpleTable',
      ),
    );
    // Rewriting again replaces the function's own value instead of adding a second one.
    rewrite(root, artifacts, 'WithProperties', { bucket: 'b', key: 'a2.zip' });
    expect(serializeTemplate(root)).toContain('      CodeUri: s3://b/a2.zip\n  NoProperties:');
    expect(serializeTemplate(root).match(/CodeUri: s3:\/\/b\/a/g)).toHaveLength(1);
  });

  it('rewrites nested template locations and the artifacts inside each nested document', async () => {
    const files = {
      'src/': '',
      'child/src/': '',
      'child/grand/src/': '',
      'template.yaml': lines(
        'Resources:',
        '  Child:',
        '    Type: AWS::Serverless::Application',
        '    Properties:',
        '      Location: child/template.yaml # nested app',
        '      Parameters: {Stage: !Ref Stage}',
      ),
      'child/template.yaml': lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: src',
        '  Grand:',
        '    Type: AWS::CloudFormation::Stack',
        '    Properties:',
        '      TemplateURL: ./grand/template.yaml',
      ),
      'child/grand/template.yaml': lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code: src',
      ),
    };
    const { root, artifacts } = await loadWith(files);
    const nested = (id: string) => artifacts.find((a) => a.id === id && a.source.kind === 'template')!;
    rewrite(root, artifacts, 'Child/Grand/Fn', { bucket: 'b', key: 'g.zip', version: 'v1' });
    rewrite(root, artifacts, 'Child/Fn', { bucket: 'b', key: 'c.zip' });
    const child = root.children.get('Child')!;
    rewriteArtifact(child, nested('Child/Grand'), { url: 'https://s3.us-east-1.amazonaws.com/b/grand.template' });
    rewriteArtifact(root, nested('Child'), { url: 'https://s3.us-east-1.amazonaws.com/b/child.template' });
    expect(serializeTemplate(root)).toBe(
      lines(
        'Resources:',
        '  Child:',
        '    Type: AWS::Serverless::Application',
        '    Properties:',
        '      Location: https://s3.us-east-1.amazonaws.com/b/child.template # nested app',
        '      Parameters: {Stage: !Ref Stage}',
      ),
    );
    expect(serializeTemplate(child)).toBe(
      lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: s3://b/c.zip',
        '  Grand:',
        '    Type: AWS::CloudFormation::Stack',
        '    Properties:',
        '      TemplateURL: https://s3.us-east-1.amazonaws.com/b/grand.template',
      ),
    );
    expect(serializeTemplate(child.children.get('Grand')!)).toBe(
      lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code:',
        '        S3Bucket: b',
        '        S3Key: g.zip',
        '        S3ObjectVersion: v1',
      ),
    );
  });

  it('parses and rewrites JSON templates as JSON, keeping key order and formatting', async () => {
    const template = [
      '{',
      '  "AWSTemplateFormatVersion": "2010-09-09",',
      '  "Resources": {',
      '    "Fn": {',
      '      "Type": "AWS::Lambda::Function",',
      '      "Properties": {',
      '        "Code": "src",',
      '        "Handler": "index.handler"',
      '      }',
      '    },',
      '    "Sam": {',
      '      "Type": "AWS::Serverless::Function",',
      '      "Properties": {"Runtime": "python3.12"}',
      '    },',
      '    "Bare": {',
      '      "Type": "AWS::Serverless::Function"',
      '    },',
      '    "Layer": {',
      '      "Type": "AWS::Serverless::LayerVersion",',
      '      "Properties": {',
      '        "ContentUri": {"Bucket": "old", "Key": "old.zip"}',
      '      }',
      '    }',
      '  },',
      '  "Globals": {"Function": {"CodeUri": "src"}}',
      '}',
      '',
    ].join('\n');
    const { root, artifacts } = await loadWith({ 'src/': '', 'template.json': template }, 'template.json');
    expect(root.format).toBe('json');
    expect(toPlainTemplate(root)['AWSTemplateFormatVersion']).toBe('2010-09-09');
    rewrite(root, artifacts, 'Fn', { bucket: 'b', key: 'fn.zip', version: 'v1' });
    rewrite(root, artifacts, 'Sam', { bucket: 'b', key: 'sam.zip' });
    rewrite(root, artifacts, 'Bare', { bucket: 'b', key: 'bare.zip', version: 'v2' });
    rewrite(root, artifacts, 'Layer', { bucket: 'b', key: 'layer.zip' });
    const out = serializeTemplate(root);
    expect(out).toBe(
      [
        '{',
        '  "AWSTemplateFormatVersion": "2010-09-09",',
        '  "Resources": {',
        '    "Fn": {',
        '      "Type": "AWS::Lambda::Function",',
        '      "Properties": {',
        '        "Code": {',
        '          "S3Bucket": "b",',
        '          "S3Key": "fn.zip",',
        '          "S3ObjectVersion": "v1"',
        '        },',
        '        "Handler": "index.handler"',
        '      }',
        '    },',
        '    "Sam": {',
        '      "Type": "AWS::Serverless::Function",',
        '      "Properties": {"Runtime": "python3.12", "CodeUri": "s3://b/sam.zip"}',
        '    },',
        '    "Bare": {',
        '      "Type": "AWS::Serverless::Function",',
        '      "Properties": {',
        '        "CodeUri": {',
        '          "Bucket": "b",',
        '          "Key": "bare.zip",',
        '          "Version": "v2"',
        '        }',
        '      }',
        '    },',
        '    "Layer": {',
        '      "Type": "AWS::Serverless::LayerVersion",',
        '      "Properties": {',
        '        "ContentUri": "s3://b/layer.zip"',
        '      }',
        '    }',
        '  },',
        '  "Globals": {"Function": {"CodeUri": "src"}}',
        '}',
        '',
      ].join('\n'),
    );
    expect(Object.keys(JSON.parse(out).Resources)).toEqual(['Fn', 'Sam', 'Bare', 'Layer']);
  });

  it('writes a JSON template edited through the document API back as 2-space JSON in key order', async () => {
    const { root } = await loadWith(
      { 'template.json': '{"Resources": {"B": {"Type": "AWS::SNS::Topic"}, "A": {"Type": "AWS::SNS::Topic"}}}' },
      'template.json',
    );
    root.document.setIn(['Resources', 'B', 'Properties'], root.document.createNode({ TopicName: 't' }));
    expect(serializeTemplate(root)).toBe(
      `${JSON.stringify({ Resources: { B: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 't' } }, A: { Type: 'AWS::SNS::Topic' } } }, null, 2)}\n`,
    );
  });

  it('keeps direct document edits when an artifact is rewritten afterwards', async () => {
    const { root, artifacts } = await loadWith({
      'src/': '',
      'template.yaml': lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: src',
      ),
    });
    root.document.setIn(['Resources', 'Fn', 'Properties', 'Timeout'], 30);
    rewrite(root, artifacts, 'Fn', { bucket: 'b', key: 'k.zip' });
    expect(serializeTemplate(root)).toBe(
      lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: s3://b/k.zip',
        '      Timeout: 30',
      ),
    );
  });

  it('keeps CRLF line endings', async () => {
    const crlf = (...content: string[]) => lines(...content).replace(/\n/g, '\r\n');
    const { root, artifacts } = await loadWith({
      'src/': '',
      'template.yaml': crlf(
        'Globals:',
        '  Function:',
        '    CodeUri: src',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '  Next:',
        '    Type: AWS::SNS::Topic',
      ),
    });
    rewrite(root, artifacts, 'Fn', { bucket: 'b', key: 'k.zip', version: 'v' });
    expect(serializeTemplate(root)).toBe(
      crlf(
        'Globals:',
        '  Function:',
        '    CodeUri: src',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri:',
        '        Bucket: b',
        '        Key: k.zip',
        '        Version: v',
        '  Next:',
        '    Type: AWS::SNS::Topic',
      ),
    );
  });

  it('refuses to rewrite inline and image functions', async () => {
    const { root, artifacts } = await loadWith({
      'template.yaml': lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      InlineCode: x',
      ),
    });
    expect(() => rewrite(root, artifacts, 'Fn', { bucket: 'b', key: 'k' })).toThrow(/Fn is an inline function/);
  });
});
