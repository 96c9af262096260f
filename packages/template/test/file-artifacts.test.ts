import { localFiles } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import {
  applyPendingEdits,
  findArtifacts,
  loadTemplateTree,
  parseS3HttpsUrl,
  parseTemplateDocument,
  rewriteArtifact,
  toPlainTemplate,
  uploadedFiles,
  type TemplateNode,
} from '../src/index.ts';
import { lines, useFixtures } from '@toolkit/test-support';

const fixture = useFixtures();

async function load(
  files: Record<string, string>,
): Promise<{ root: TemplateNode; scan: ReturnType<typeof findArtifacts> }> {
  const fx = fixture(files);
  const { root } = await loadTemplateTree(fx.file('template.yaml'), localFiles);
  if (root === undefined) throw new Error('no root');
  return { root, scan: findArtifacts(root, localFiles) };
}

describe('file artifacts: definitions and templates uploaded as they are', () => {
  it('finds local files of every listed property, skips remote or computed values, and rewrites each in its form', async () => {
    const { root, scan } = await load({
      'template.yaml': lines(
        'Resources:',
        '  Schema:',
        '    Type: AWS::AppSync::GraphQLSchema',
        '    Properties:',
        '      ApiId: x',
        '      DefinitionS3Location: schema.graphql',
        '  Resolver:',
        '    Type: AWS::AppSync::Resolver',
        '    Properties:',
        '      RequestMappingTemplateS3Location: resolvers/request.vtl',
        '      ResponseMappingTemplateS3Location: s3://elsewhere/response.vtl',
        '      CodeS3Location: !Sub "s3://${AWS::AccountId}/code.js"',
        '  Http:',
        '    Type: AWS::ApiGatewayV2::Api',
        '    Properties:',
        '      BodyS3Location: openapi.json',
        '  Rest:',
        '    Type: AWS::ApiGateway::RestApi',
        '    Properties:',
        '      BodyS3Location: { Bucket: b, Key: k }',
      ),
      'schema.graphql': 'type Query { a: String }\n',
      'resolvers/request.vtl': '{}\n',
      'openapi.json': '{}\n',
    });
    expect(scan.diagnostics).toEqual([]);
    expect(scan.artifacts.map((a) => [a.id, a.property, a.source.kind])).toEqual([
      ['Schema', 'DefinitionS3Location', 'file'],
      ['Resolver', 'RequestMappingTemplateS3Location', 'file'],
      ['Http', 'BodyS3Location', 'file'],
    ]);
    for (const artifact of scan.artifacts)
      rewriteArtifact(root, artifact, { bucket: 'art', key: `${artifact.id}.x`, version: 'v1' });
    applyPendingEdits(root);
    const resources = toPlainTemplate(root).Resources as Record<string, { Properties: Record<string, unknown> }>;
    expect(resources.Schema?.Properties.DefinitionS3Location).toBe('s3://art/Schema.x');
    expect(resources.Resolver?.Properties.RequestMappingTemplateS3Location).toBe('s3://art/Resolver.x');
    expect(resources.Resolver?.Properties.ResponseMappingTemplateS3Location).toBe('s3://elsewhere/response.vtl');
    expect(resources.Http?.Properties.BodyS3Location).toEqual({ Bucket: 'art', Key: 'Http.x', Version: 'v1' });
  });

  it('refuses a folder where a file belongs, at the property', async () => {
    const { scan } = await load({
      'template.yaml': lines(
        'Resources:',
        '  Flow:',
        '    Type: AWS::StepFunctions::StateMachine',
        '    Properties:',
        '      DefinitionS3Location: statemachine',
      ),
      'statemachine/flow.json': '{}',
    });
    expect(scan.diagnostics.map((d) => [d.code, d.position?.line, d.position?.column, d.message])).toEqual([
      [
        'TEMPLATE_ARTIFACT_NOT_FOUND',
        5,
        29,
        expect.stringContaining('DefinitionS3Location of Flow points at statemachine, which is a folder, not a file'),
      ],
    ]);
  });
});

describe('nested file artifacts: paths below Properties, as sam package uploads them', () => {
  const nestedTemplate = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Etl:',
    '    Type: AWS::Glue::Job',
    '    Properties:',
    '      Role: arn:aws:iam::123456789012:role/glue',
    '      Command:',
    '        Name: glueetl',
    '        ScriptLocation: jobs/etl.py',
    '  Graph:',
    '    Type: AWS::Serverless::GraphQLApi',
    '    Properties:',
    '      SchemaUri: schema.graphql',
    '      Functions:',
    '        __proto__:',
    '          CodeUri: functions/proto.js',
    '        getPost:',
    '          CodeUri: functions/get-post.js',
    '        remote:',
    '          CodeUri: s3://elsewhere/remote.js',
    '      Resolvers:',
    '        Query:',
    '          constructor:',
    '            CodeUri: resolvers/constructor.js',
    '            Pipeline: [getPost]',
    '  Bundle:',
    '    Type: AWS::ElasticBeanstalk::ApplicationVersion',
    '    Properties:',
    '      ApplicationName: shop',
    '      SourceBundle: site/',
    '  Module:',
    '    Type: AWS::CloudFormation::ModuleVersion',
    '    Properties:',
    '      ModuleName: Shop::Bucket::MODULE',
    '      ModulePackage: module.zip',
    '  Handler:',
    '    Type: AWS::CloudFormation::ResourceVersion',
    '    Properties:',
    '      TypeName: Shop::Thing::Widget',
    '      SchemaHandlerPackage: handler/',
  );
  const nestedFiles = {
    'template.yaml': nestedTemplate,
    'jobs/etl.py': 'print("etl")\n',
    'schema.graphql': 'type Query { getPost: String }\n',
    'functions/proto.js': 'export const request = () => ({});\n',
    'functions/get-post.js': 'export const request = () => ({});\n',
    'resolvers/constructor.js': 'export const request = () => ({});\n',
    'site/index.html': '<h1>shop</h1>\n',
    'module.zip': 'PK\u0005\u0006' + '\u0000'.repeat(18),
    'handler/schema.json': '{}\n',
  };

  it('finds each nested property, map keys included (any name), and where it is', async () => {
    const { scan } = await load(nestedFiles);
    expect(scan.diagnostics).toEqual([]);
    expect(scan.artifacts.map((a) => [a.id, a.property, a.at ?? null, a.source.kind])).toEqual([
      ['Etl', 'ScriptLocation', ['Resources', 'Etl', 'Properties', 'Command'], 'file'],
      ['Graph', 'SchemaUri', null, 'file'],
      ['Graph', 'CodeUri', ['Resources', 'Graph', 'Properties', 'Functions', '__proto__'], 'file'],
      ['Graph', 'CodeUri', ['Resources', 'Graph', 'Properties', 'Functions', 'getPost'], 'file'],
      ['Graph', 'CodeUri', ['Resources', 'Graph', 'Properties', 'Resolvers', 'Query', 'constructor'], 'file'],
      ['Bundle', 'SourceBundle', null, 'file'],
      ['Module', 'ModulePackage', null, 'file'],
      ['Handler', 'SchemaHandlerPackage', null, 'file'],
    ]);
    expect(Object.prototype).not.toHaveProperty('CodeUri');
  });

  it('rewrites each one in the form its resource type takes, leaving the rest of the mapping as it was', async () => {
    const { root, scan } = await load(nestedFiles);
    scan.artifacts.forEach((artifact, i) =>
      rewriteArtifact(root, artifact, { bucket: 'art', key: `${i}.x`, version: 'v1' }),
    );
    applyPendingEdits(root);
    const resources = toPlainTemplate(root).Resources as Record<string, { Properties: Record<string, unknown> }>;
    expect(resources.Etl?.Properties.Command).toEqual({ Name: 'glueetl', ScriptLocation: 's3://art/0.x' });
    const graph = resources.Graph?.Properties as {
      SchemaUri: string;
      Functions: Record<string, { CodeUri: string }>;
      Resolvers: { Query: Record<string, { CodeUri: string; Pipeline: string[] }> };
    };
    expect(graph.SchemaUri).toBe('s3://art/1.x');
    expect(Object.entries(graph.Functions).map(([name, f]) => [name, f.CodeUri])).toEqual([
      ['__proto__', 's3://art/2.x'],
      ['getPost', 's3://art/3.x'],
      ['remote', 's3://elsewhere/remote.js'],
    ]);
    expect(Object.entries(graph.Resolvers.Query)).toEqual([
      ['constructor', { CodeUri: 's3://art/4.x', Pipeline: ['getPost'] }],
    ]);
    expect(resources.Bundle?.Properties.SourceBundle).toEqual({ S3Bucket: 'art', S3Key: '5.x' });
    expect(resources.Module?.Properties.ModulePackage).toBe('s3://art/6.x');
    expect(resources.Handler?.Properties.SchemaHandlerPackage).toBe('s3://art/7.x');
  });

  it('names a missing nested file by its path from Properties, at its line and column', async () => {
    const { ['functions/get-post.js']: _missing, ...files } = nestedFiles;
    const { scan } = await load(files);
    expect(scan.diagnostics.map((d) => [d.code, d.position?.line, d.position?.column, d.message])).toEqual([
      [
        'TEMPLATE_ARTIFACT_NOT_FOUND',
        18,
        20,
        expect.stringContaining(
          'Functions.getPost.CodeUri of Graph points at functions/get-post.js, which does not exist',
        ),
      ],
    ]);
  });

  it('zips a folder only where the property takes a package; a folder script is an error', async () => {
    const { ['jobs/etl.py']: _script, ...files } = nestedFiles;
    const { scan } = await load({ ...files, 'jobs/etl.py/main.py': 'print(1)\n' });
    expect(scan.diagnostics.map((d) => [d.position?.line, d.message])).toEqual([
      [
        9,
        expect.stringContaining('Command.ScriptLocation of Etl points at jobs/etl.py, which is a folder, not a file'),
      ],
    ]);
    expect(scan.artifacts.filter((a) => a.property === 'SourceBundle').map((a) => a.source)).toEqual([
      { kind: 'file', path: expect.stringMatching(/\/site$/), form: 's3bucket-s3key' },
    ]);
  });
});

describe('stack set templates and application repository metadata, as sam package uploads them', () => {
  const files = {
    'template.yaml': lines(
      'Metadata:',
      '  AWS::ServerlessRepo::Application:',
      '    Name: shop',
      '    LicenseUrl: LICENSE.txt',
      '    ReadmeUrl: s3://docs/README.md',
      'Resources:',
      '  Regions:',
      '    Type: AWS::CloudFormation::StackSet',
      '    Properties:',
      '      StackSetName: shop-regions',
      '      TemplateURL: stackset/region.yaml',
    ),
    'LICENSE.txt': 'MIT\n',
    'stackset/region.yaml': 'Resources: {}\n',
  };

  it('finds the stack set template and the local license, and rewrites each in its form', async () => {
    const { root, scan } = await load(files);
    expect(scan.diagnostics).toEqual([]);
    expect(scan.artifacts.map((a) => [a.id, a.resourceType, a.property, a.at ?? null])).toEqual([
      ['Regions', 'AWS::CloudFormation::StackSet', 'TemplateURL', null],
      ['Metadata', 'AWS::ServerlessRepo::Application', 'LicenseUrl', ['Metadata', 'AWS::ServerlessRepo::Application']],
    ]);
    const [stackSet, license] = scan.artifacts;
    rewriteArtifact(root, stackSet!, { url: 'https://s3.eu-west-1.amazonaws.com/art/region.yaml' });
    rewriteArtifact(root, license!, { bucket: 'art', key: 'license.txt', version: 'v1' });
    applyPendingEdits(root);
    const plain = toPlainTemplate(root) as {
      Metadata: Record<string, Record<string, string>>;
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    expect(plain.Resources.Regions?.Properties.TemplateURL).toBe('https://s3.eu-west-1.amazonaws.com/art/region.yaml');
    expect(plain.Metadata['AWS::ServerlessRepo::Application']).toEqual({
      Name: 'shop',
      LicenseUrl: 's3://art/license.txt',
      ReadmeUrl: 's3://docs/README.md',
    });
  });

  it('names a missing license by its metadata entry, at its line and column', async () => {
    const { ['LICENSE.txt']: _missing, ...rest } = files;
    const { scan } = await load(rest);
    expect(scan.diagnostics.map((d) => [d.position?.line, d.position?.column, d.message])).toEqual([
      [
        4,
        17,
        expect.stringContaining(
          'LicenseUrl of Metadata.AWS::ServerlessRepo::Application points at LICENSE.txt, which does not exist',
        ),
      ],
    ]);
  });
});

describe('uploaded files of a packaged template: what delete removes with the stack', () => {
  it('reads back each form package writes, nested paths and nested templates included, and skips the rest', () => {
    const text = lines(
      'Resources:',
      '  Flow:',
      '    Type: AWS::Serverless::StateMachine',
      '    Properties:',
      '      DefinitionUri: { Bucket: art, Key: flow.json, Version: v1 }',
      '  Graph:',
      '    Type: AWS::Serverless::GraphQLApi',
      '    Properties:',
      '      Functions:',
      '        __proto__: { CodeUri: s3://art/proto.js }',
      '        computed: { CodeUri: !Sub "s3://${Bucket}/x.js" }',
      '        local: { CodeUri: functions/local.js }',
      '  Site:',
      '    Type: AWS::ElasticBeanstalk::ApplicationVersion',
      '    Properties:',
      '      SourceBundle: { S3Bucket: art, S3Key: site.zip }',
      '  Child:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      '      TemplateURL: https://s3.eu-west-1.amazonaws.com/art/child%2Bone.template',
      '  Elsewhere:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      '      TemplateURL: https://example.com/child.template',
      '  Regions:',
      '    Type: AWS::CloudFormation::StackSet',
      '    Properties:',
      '      TemplateURL: https://s3.eu-west-1.amazonaws.com/art/regions.yaml',
      '  Kept:',
      '    Type: AWS::Glue::Job',
      '    DeletionPolicy: Retain',
      '    Properties:',
      '      Command: { ScriptLocation: s3://art/kept.py }',
    );
    const parsed = parseTemplateDocument(text, 'packaged.yaml');
    expect(uploadedFiles(parsed.document.contents)).toEqual([
      { logicalId: 'Flow', property: 'DefinitionUri', bucket: 'art', key: 'flow.json', version: 'v1' },
      { logicalId: 'Graph', property: 'Functions.__proto__.CodeUri', bucket: 'art', key: 'proto.js' },
      { logicalId: 'Site', property: 'SourceBundle', bucket: 'art', key: 'site.zip' },
      { logicalId: 'Child', property: 'TemplateURL', bucket: 'art', key: 'child+one.template' },
      { logicalId: 'Regions', property: 'TemplateURL', bucket: 'art', key: 'regions.yaml' },
    ]);
  });

  it('reads path-style and virtual-hosted S3 URLs, and nothing else', () => {
    expect(parseS3HttpsUrl('https://s3.us-east-1.amazonaws.com/b/k/x.template')).toEqual({
      bucket: 'b',
      key: 'k/x.template',
    });
    expect(parseS3HttpsUrl('https://b.s3.eu-west-1.amazonaws.com/a%20b/c')).toEqual({ bucket: 'b', key: 'a b/c' });
    expect(parseS3HttpsUrl('https://s3.amazonaws.com/b/%E0%A4%A')).toBeUndefined();
    expect(parseS3HttpsUrl('https://s3.amazonaws.com/b/')).toBeUndefined();
    expect(parseS3HttpsUrl('https://example.com/b/k')).toBeUndefined();
  });
});
