import { localFiles } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { findArtifacts, isZipArtifact, loadTemplateTree, type Artifact, type TemplateNode } from '../src/index.ts';
import { type Fixture, lines, useFixtures } from '@toolkit/test-support';

const fixture = useFixtures();

async function load(fx: Fixture, file = 'template.yaml'): Promise<TemplateNode> {
  const { root, diagnostics } = await loadTemplateTree(fx.file(file), localFiles);
  expect(diagnostics).toEqual([]);
  if (root === undefined) throw new Error('no root');
  return root;
}

function byId(artifacts: Artifact[], id: string): Artifact {
  const found = artifacts.find((a) => a.id === id);
  if (found === undefined) throw new Error(`no artifact ${id}`);
  return found;
}

describe('findArtifacts', () => {
  it('finds every form of function and layer code', async () => {
    const fx = fixture({
      'fn/index.js': 'exports.handler = 1;',
      'bundle.zip': 'PK',
      'layer/': '',
      'lambda-src/': '',
      'layer.zip': 'PK',
      'template.yaml': lines(
        'Resources:',
        '  Dir:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: fn',
        '      CodeSigningConfigArn: !Ref Csc',
        '  Zip:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: ./bundle.zip',
        '  S3Uri:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: s3://bucket/path/code.zip',
        '  S3UriVersion:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: s3://bucket/code.zip?versionId=abc',
        '  S3Object:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: {Bucket: bucket, Key: code.zip, Version: v7}',
        '  Inline:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      InlineCode: exports.handler = async () => 1;',
        '  Image:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      PackageType: Image',
        '      ImageUri: 123.dkr.ecr.us-east-1.amazonaws.com/repo:tag',
        '  LambdaDir:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code: lambda-src',
        '      CodeSigningConfigArn: arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-1',
        '  LambdaS3:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code:',
        '        S3Bucket: bucket',
        '        S3Key: lambda.zip',
        '        S3ObjectVersion: v1',
        '  LambdaInline:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code:',
        '        ZipFile: exports.handler = 1',
        '  LambdaImage:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      PackageType: Image',
        '      Code:',
        '        ImageUri: 123.dkr.ecr.us-east-1.amazonaws.com/repo:tag',
        '  SamLayer:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties:',
        '      ContentUri: layer/',
        '  SamLayerS3:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties:',
        '      ContentUri: {Bucket: b, Key: layer.zip}',
        '  LambdaLayer:',
        '    Type: AWS::Lambda::LayerVersion',
        '    Properties:',
        '      Content: layer.zip',
        '  LambdaLayerS3:',
        '    Type: AWS::Lambda::LayerVersion',
        '    Properties:',
        '      Content: {S3Bucket: b, S3Key: l.zip}',
        '  Topic:',
        '    Type: AWS::SNS::Topic',
      ),
    });
    const root = await load(fx);
    const { artifacts, diagnostics } = findArtifacts(root, localFiles);
    expect(diagnostics).toEqual([]);
    const summary = artifacts.map((a) => [
      a.id,
      a.resourceType,
      a.property,
      a.source,
      a.codeSigningConfigArn,
      a.fromGlobals,
    ]);
    expect(summary).toEqual([
      ['Dir', 'AWS::Serverless::Function', 'CodeUri', { kind: 'directory', path: fx.file('fn') }, true, false],
      ['Zip', 'AWS::Serverless::Function', 'CodeUri', { kind: 'zip-file', path: fx.file('bundle.zip') }, false, false],
      [
        'S3Uri',
        'AWS::Serverless::Function',
        'CodeUri',
        { kind: 's3', bucket: 'bucket', key: 'path/code.zip' },
        false,
        false,
      ],
      [
        'S3UriVersion',
        'AWS::Serverless::Function',
        'CodeUri',
        { kind: 's3', bucket: 'bucket', key: 'code.zip', version: 'abc' },
        false,
        false,
      ],
      [
        'S3Object',
        'AWS::Serverless::Function',
        'CodeUri',
        { kind: 's3', bucket: 'bucket', key: 'code.zip', version: 'v7' },
        false,
        false,
      ],
      ['Inline', 'AWS::Serverless::Function', 'InlineCode', { kind: 'inline' }, false, false],
      ['Image', 'AWS::Serverless::Function', 'ImageUri', { kind: 'image' }, false, false],
      ['LambdaDir', 'AWS::Lambda::Function', 'Code', { kind: 'directory', path: fx.file('lambda-src') }, true, false],
      [
        'LambdaS3',
        'AWS::Lambda::Function',
        'Code',
        { kind: 's3', bucket: 'bucket', key: 'lambda.zip', version: 'v1' },
        false,
        false,
      ],
      ['LambdaInline', 'AWS::Lambda::Function', 'Code', { kind: 'inline' }, false, false],
      ['LambdaImage', 'AWS::Lambda::Function', 'Code', { kind: 'image' }, false, false],
      [
        'SamLayer',
        'AWS::Serverless::LayerVersion',
        'ContentUri',
        { kind: 'directory', path: fx.file('layer') },
        false,
        false,
      ],
      [
        'SamLayerS3',
        'AWS::Serverless::LayerVersion',
        'ContentUri',
        { kind: 's3', bucket: 'b', key: 'layer.zip' },
        false,
        false,
      ],
      [
        'LambdaLayer',
        'AWS::Lambda::LayerVersion',
        'Content',
        { kind: 'zip-file', path: fx.file('layer.zip') },
        false,
        false,
      ],
      [
        'LambdaLayerS3',
        'AWS::Lambda::LayerVersion',
        'Content',
        { kind: 's3', bucket: 'b', key: 'l.zip' },
        false,
        false,
      ],
    ]);
    expect(artifacts.filter(isZipArtifact).map((a) => a.id)).not.toContain('Inline');
    const dir = byId(artifacts, 'Dir');
    expect(dir).toMatchObject({ logicalId: 'Dir', stackPath: [], templateFile: fx.file('template.yaml') });
    expect(dir.position).toEqual({ file: fx.file('template.yaml'), line: 5, column: 16 });
    expect(byId(artifacts, 'LambdaS3').position).toEqual({ file: fx.file('template.yaml'), line: 41, column: 9 });
  });

  it('uses Globals.Function CodeUri and CodeSigningConfigArn for functions without their own', async () => {
    const fx = fixture({
      'shared/': '',
      'own/': '',
      'template.yaml': lines(
        'Globals:',
        '  Function:',
        '    CodeUri: shared',
        '    CodeSigningConfigArn: !Ref Csc',
        '    Runtime: nodejs20.x',
        'Resources:',
        '  UsesGlobal:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: index.handler',
        '  NoProperties:',
        '    Type: AWS::Serverless::Function',
        '  Own:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: own',
      ),
    });
    const { artifacts, diagnostics } = findArtifacts(await load(fx), localFiles);
    expect(diagnostics).toEqual([]);
    expect(
      artifacts.map((a) => [a.id, a.source, a.fromGlobals, a.codeSigningConfigArn, a.position.line, a.position.column]),
    ).toEqual([
      ['UsesGlobal', { kind: 'directory', path: fx.file('shared') }, true, true, 3, 14],
      ['NoProperties', { kind: 'directory', path: fx.file('shared') }, true, true, 3, 14],
      ['Own', { kind: 'directory', path: fx.file('own') }, false, true, 16, 16],
    ]);
  });

  it('reports an image function whose PackageType comes with a global CodeUri as an image', async () => {
    const fx = fixture({
      'src/': '',
      'template.yaml': lines(
        'Globals:',
        '  Function:',
        '    CodeUri: src',
        'Resources:',
        '  Img:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      PackageType: Image',
      ),
    });
    const { artifacts } = findArtifacts(await load(fx), localFiles);
    expect(artifacts.map((a) => [a.id, a.property, a.source])).toEqual([['Img', 'PackageType', { kind: 'image' }]]);
  });

  it('warns about code given through intrinsics, which cannot be packaged', async () => {
    const fx = fixture({
      'template.yaml': lines(
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: !Sub "s3://${Bucket}/code.zip"',
      ),
    });
    const { artifacts, diagnostics } = findArtifacts(await load(fx), localFiles);
    expect(artifacts).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'TEMPLATE_ARTIFACT_UNRESOLVED',
        message: 'CodeUri of Fn is not a literal path or S3 location, so it cannot be packaged or signed',
        position: { file: fx.file('template.yaml'), line: 5, column: 16 },
      },
    ]);
  });
});
