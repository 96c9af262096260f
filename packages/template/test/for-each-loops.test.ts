import { formatDiagnostic, localFiles } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { findArtifacts, loadTemplateTree, rewriteArtifact, serializeTemplate, validateTemplate } from '../src/index.ts';
import { lines, useFixtures } from '@toolkit/test-support';

const fixture = useFixtures();

const HEADER = ['Transform:', '  - AWS::LanguageExtensions', '  - AWS::Serverless-2016-10-31', 'Resources:'];
/** The start of a loop of functions over two literal items, up to its function's Properties. */
const WORKERS_LOOP = [
  '  Fn::ForEach::Workers:',
  '    - Name',
  '    - [Alpha, Beta]',
  '    - ${Name}Function:',
  '        Type: AWS::Serverless::Function',
  '        Properties:',
];

async function validate(files: Record<string, string>): Promise<string[]> {
  const fx = fixture(files);
  const diagnostics = await validateTemplate(fx.file('template.yaml'), localFiles);
  return diagnostics.map((d) => formatDiagnostic(d).split(`${fx.dir}/`).join(''));
}

describe('Fn::ForEach loops (AWS::LanguageExtensions)', () => {
  it('finds the code of resources inside loops, nested ones too, and rewrites it inside the loop', async () => {
    const fx = fixture({
      'src/index.js': 'exports.handler = async () => 1;\n',
      'layer/nodejs/lib.js': '',
      'template.yaml': lines(
        ...HEADER,
        '  Plain:',
        '    Type: AWS::Serverless::Function',
        '    Properties: {CodeUri: src/, Handler: index.handler, Runtime: nodejs22.x}',
        ...WORKERS_LOOP,
        '          CodeUri: src/  # one folder for every worker',
        '          Handler: index.handler',
        '          Runtime: nodejs22.x',
        '          Environment: {Variables: {WORKER: !Ref Name}}',
        '      Fn::ForEach::Stages:',
        '        - Stage',
        '        - !Ref Stages',
        '        - ${Name}&{Stage}Layer:',
        '            Type: AWS::Serverless::LayerVersion',
        '            Properties: {ContentUri: layer}',
      ),
    });
    const { root, diagnostics } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
    expect(diagnostics).toEqual([]);
    const scan = findArtifacts(root!, localFiles);
    expect(scan.diagnostics).toEqual([]);
    expect(scan.artifacts.map((a) => [a.id, a.property, a.resourceAt ?? null])).toEqual([
      ['Plain', 'CodeUri', null],
      ['${Name}Function', 'CodeUri', ['Resources', 'Fn::ForEach::Workers', '2', '${Name}Function']],
      [
        '${Name}&{Stage}Layer',
        'ContentUri',
        ['Resources', 'Fn::ForEach::Workers', '2', 'Fn::ForEach::Stages', '2', '${Name}&{Stage}Layer'],
      ],
    ]);
    expect(scan.artifacts[1]!.build?.runtime).toBe('nodejs22.x');

    for (const artifact of scan.artifacts)
      rewriteArtifact(root!, artifact, { bucket: 'b', key: `${artifact.property}.zip` });
    const text = serializeTemplate(root!);
    expect(text).toContain(
      lines(
        '    - ${Name}Function:',
        '        Type: AWS::Serverless::Function',
        '        Properties:',
        '          CodeUri: s3://b/CodeUri.zip  # one folder for every worker',
        '          Handler: index.handler',
      ),
    );
    expect(text).toContain('Properties: {ContentUri: s3://b/ContentUri.zip}');
    expect(text).toContain('Environment: {Variables: {WORKER: !Ref Name}}');
  });

  it("packages a path that names the loop's identifier once per item, through a generated mapping", async () => {
    const fx = fixture({
      'functions/Alpha/index.js': 'exports.handler = async () => "alpha";\n',
      'functions/Beta/index.js': 'exports.handler = async () => "beta";\n',
      'template.yaml': lines(
        ...HEADER,
        ...WORKERS_LOOP,
        '          CodeUri: functions/${Name}/',
        '          Handler: index.handler',
        'Mappings:',
        '  Own: {A: {B: c}}',
      ),
    });
    const { root } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
    const scan = findArtifacts(root!, localFiles);
    expect(scan.diagnostics).toEqual([]);
    expect(scan.artifacts.map((a) => [a.id, a.source, a.forEachItem])).toEqual([
      [
        'AlphaFunction',
        { kind: 'directory', path: fx.file('functions/Alpha') },
        { mapping: 'SAMCodeUriWorkers', key: 'Alpha', identifier: 'Name' },
      ],
      [
        'BetaFunction',
        { kind: 'directory', path: fx.file('functions/Beta') },
        { mapping: 'SAMCodeUriWorkers', key: 'Beta', identifier: 'Name' },
      ],
    ]);
    for (const artifact of scan.artifacts)
      rewriteArtifact(root!, artifact, { bucket: 'b', key: `${artifact.id}.zip`, version: 'v1' });
    const text = serializeTemplate(root!);
    expect(text).toContain(
      lines('          CodeUri:', '            Fn::FindInMap: [SAMCodeUriWorkers, {Ref: Name}, CodeUri]'),
    );
    expect(text).toContain(
      lines(
        '  Own: {A: {B: c}}',
        '  SAMCodeUriWorkers:',
        '    Alpha:',
        '      CodeUri: s3://b/AlphaFunction.zip?versionId=v1',
        '    Beta:',
        '      CodeUri: s3://b/BetaFunction.zip?versionId=v1',
      ),
    );
  });

  it('refuses code that differs per item, at the value that names the identifier', async () => {
    expect(
      await validate({
        'template.yaml': lines(
          ...HEADER,
          ...WORKERS_LOOP,
          '          CodeUri: !Sub functions/${Name}',
          '          Handler: index.handler',
          '      Code&{Name}:',
          '        Type: AWS::Lambda::Function',
          '        Properties:',
          '          Code: {S3Bucket: !Ref Name, S3Key: code.zip}',
        ),
      }),
    ).toEqual([
      'template.yaml:11:20: error TEMPLATE_FOREACH_ARTIFACT: CodeUri of ${Name}Function (AWS::Serverless::Function) depends on Name, the identifier of Fn::ForEach::Workers: code that differs per item is packaged (one zip per item) only for a SAM CodeUri or ContentUri written as a path that names the identifier of the innermost loop, over a list written out in the template; put this code in one folder for every item, or write the collection out',
      'template.yaml:16:17: error TEMPLATE_FOREACH_ARTIFACT: Code of Code&{Name} (AWS::Lambda::Function) depends on Name, the identifier of Fn::ForEach::Workers: code that differs per item is packaged (one zip per item) only for a SAM CodeUri or ContentUri written as a path that names the identifier of the innermost loop, over a list written out in the template; put this code in one folder for every item, or write the collection out',
    ]);
  });

  it('checks the loop itself: the transform, its shape, keys that name the identifier, nested stacks', async () => {
    const loop = [
      '  Fn::ForEach::Workers:',
      '    - Name',
      '    - [Alpha, Beta]',
      '    - ${Name}Queue:',
      '        Type: AWS::SQS::Queue',
    ];
    expect(await validate({ 'template.yaml': lines('Resources:', ...loop) })).toEqual([
      'template.yaml:2:3: error TEMPLATE_FOREACH_TRANSFORM: Fn::ForEach::Workers needs the AWS::LanguageExtensions transform: declare it in Transform (before AWS::Serverless-2016-10-31)',
    ]);
    expect(
      await validate({ 'template.yaml': lines(...HEADER, '  Fn::ForEach::Workers: [Name, [Alpha, Beta]]') }),
    ).toEqual([
      'template.yaml:5:3: error TEMPLATE_FOREACH_SHAPE: Fn::ForEach::Workers must be a list of three: an identifier, a collection, and a mapping of output keys to resources',
    ]);
    expect(
      await validate({
        'template.yaml': lines(
          ...HEADER,
          ...loop,
          '      SameQueue:',
          '        Type: AWS::SQS::Queue',
          '      ${Name}Bad: x',
        ),
      }),
    ).toEqual([
      "template.yaml:10:7: error TEMPLATE_FOREACH_KEY: Resource key SameQueue in a Fn::ForEach loop must hold the loop's identifier as ${Name} or &{Name}, or every item would give the same logical id",
      'template.yaml:12:7: error TEMPLATE_FOREACH_RESOURCE: Resource ${Name}Bad must be a mapping with a Type',
    ]);
    expect(
      await validate({
        'child.yaml': lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue'),
        'template.yaml': lines(
          ...HEADER,
          '  Fn::ForEach::Stacks:',
          '    - Name',
          '    - [A, B]',
          '    - ${Name}Stack:',
          '        Type: AWS::Serverless::Application',
          '        Properties: {Location: child.yaml}',
          '      ${Name}Remote:',
          '        Type: AWS::CloudFormation::Stack',
          '        Properties: {TemplateURL: https://example.com/child.yaml}',
        ),
      }),
    ).toEqual([
      'template.yaml:10:32: error TEMPLATE_FOREACH_ARTIFACT: ${Name}Stack (AWS::Serverless::Application) is a nested stack inside Fn::ForEach::Stacks: its local Location cannot be packaged there; upload the template and give its URL, or declare the stack without the loop',
    ]);
  });
});
