import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { fixtureTree, getObjectBytes, lines, readZip, storedZip } from '@toolkit/test-support';
import { useProjectWithCloud } from './support/project-with-cloud.ts';
import { packageJson, plainTemplate } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';

// Files named below a resource's top level, and packages named by a folder, as sam package uploads them.
const template = lines(
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Bundle:',
  '    Type: AWS::ElasticBeanstalk::ApplicationVersion',
  '    Properties:',
  '      ApplicationName: shop',
  '      SourceBundle: site',
  '  Nightly:',
  '    Type: AWS::Glue::Job',
  '    Properties:',
  '      Command: { Name: pythonshell, ScriptLocation: jobs/nightly.py }',
  '      Role: arn:aws:iam::123456789012:role/glue',
  '  Graph:',
  '    Type: AWS::Serverless::GraphQLApi',
  '    Properties:',
  '      SchemaUri: schema.graphql',
  '      Auth:',
  '        Type: API_KEY',
  '      Functions:',
  '        getPost:',
  '          Runtime: { Name: APPSYNC_JS, Version: 1.0.0 }',
  '          DataSource: NONE',
  '          CodeUri: resolvers/get-post.js',
  '      Resolvers:',
  '        Query:',
  '          __proto__:',
  '            Runtime: { Name: APPSYNC_JS, Version: 1.0.0 }',
  '            Pipeline: [getPost]',
  '            CodeUri: resolvers/pipeline.js',
  '  Module:',
  '    Type: AWS::CloudFormation::ModuleVersion',
  '    Properties:',
  '      ModuleName: Shop::Bucket::MODULE',
  '      ModulePackage: module.zip',
  '  Regions:',
  '    Type: AWS::CloudFormation::StackSet',
  '    Properties:',
  '      StackSetName: shop-regions',
  '      TemplateURL: stackset/region.yaml',
  'Metadata:',
  '  AWS::ServerlessRepo::Application:',
  '    Name: shop',
  '    ReadmeUrl: README.md',
);

const files = {
  'template.yaml': template,
  'jobs/nightly.py': 'print("nightly")\n',
  'schema.graphql': 'type Query { post: String }\n',
  'resolvers/get-post.js': 'export const request = () => ({ payload: "post" });\n',
  'resolvers/pipeline.js': 'export const response = (ctx) => ctx.prev.result;\n',
  'site/index.html': '<h1>shop</h1>\n',
  'site/assets/app.css': 'h1 { color: teal; }\n',
  'module.zip': storedZip({ 'schema.json': '{}' }),
  'stackset/region.yaml': 'Resources: {}\n',
  'README.md': '# shop\n',
};

describe('toolkit package uploads nested file properties and folder bundles, as sam package does', () => {
  const project = useProjectWithCloud(files);

  const toolkit = (cwd: string, ...args: string[]) =>
    runToolkit([...args, '--endpoint-url', project.cloud().endpoint], { cwd });

  it('uploads each one and rewrites it in place, in its resource type’s form', async () => {
    const [dir, cloud] = [project.dir(), project.cloud()];
    const run = await toolkit(dir, 'package', '--json', '--output-template-file', 'packaged.yaml');
    const packaged = packageJson(run);
    expect(packaged.artifacts.map((a) => [a.id, a.property, a.buildMethod])).toEqual([
      ['Bundle', 'SourceBundle', 'file'],
      ['Nightly', 'ScriptLocation', 'file'],
      ['Graph', 'SchemaUri', 'file'],
      ['Graph', 'CodeUri', 'file'],
      ['Graph', 'CodeUri', 'file'],
      ['Module', 'ModulePackage', 'file'],
      ['Regions', 'TemplateURL', 'file'],
      ['Metadata', 'ReadmeUrl', 'file'],
    ]);
    const [bundle, script, , getPost, pipeline, module, regions, readme] = packaged.artifacts;
    const bucket = script!.s3.bucket;
    const bytes = (key: string) => getObjectBytes(cloud.s3, bucket, key);
    expect((await bytes(script!.s3.key)).toString()).toBe(files['jobs/nightly.py']);
    expect((await bytes(pipeline!.s3.key)).toString()).toBe(files['resolvers/pipeline.js']);
    expect(await bytes(module!.s3.key)).toEqual(files['module.zip']);
    expect(bundle!.s3.key).toMatch(/^[0-9a-f]{64}\.zip$/);
    const zip = join(dir, 'bundle.zip');
    await writeFile(zip, await bytes(bundle!.s3.key));
    expect((await readZip(zip)).map((e) => [e.name, e.content.toString()])).toEqual([
      ['assets/app.css', files['site/assets/app.css']],
      ['index.html', files['site/index.html']],
    ]);

    const resources = plainTemplate(await readFile(join(dir, 'packaged.yaml'), 'utf8')).Resources;
    expect(resources.Nightly?.Properties.Command).toEqual({
      Name: 'pythonshell',
      ScriptLocation: `s3://${bucket}/${script!.s3.key}`,
    });
    const graph = resources.Graph?.Properties as {
      Functions: Record<string, { CodeUri: string }>;
      Resolvers: { Query: Record<string, { CodeUri: string }> };
    };
    expect(graph.Functions.getPost?.CodeUri).toBe(`s3://${bucket}/${getPost!.s3.key}`);
    expect(Object.entries(graph.Resolvers.Query).map(([field, r]) => [field, r.CodeUri])).toEqual([
      ['__proto__', `s3://${bucket}/${pipeline!.s3.key}`],
    ]);
    expect(resources.Bundle?.Properties.SourceBundle).toEqual({ S3Bucket: bucket, S3Key: bundle!.s3.key });
    expect(resources.Module?.Properties.ModulePackage).toBe(`s3://${bucket}/${module!.s3.key}`);
    expect(resources.Regions?.Properties.TemplateURL).toBe(
      `https://s3.us-east-1.amazonaws.com/${bucket}/${regions!.s3.key}`,
    );
    expect((await bytes(regions!.s3.key)).toString()).toBe(files['stackset/region.yaml']);
    const metadata = plainTemplate(await readFile(join(dir, 'packaged.yaml'), 'utf8')).Metadata as Record<
      string,
      { ReadmeUrl: string }
    >;
    expect(metadata['AWS::ServerlessRepo::Application']?.ReadmeUrl).toBe(`s3://${bucket}/${readme!.s3.key}`);
  });

  it('refuses a missing nested file at its line and column, exit 2, uploading nothing', async () => {
    const cloud = project.cloud();
    const { ['resolvers/pipeline.js']: _missing, ...rest } = files;
    const { dir: other, cleanup: clean } = await fixtureTree(rest);
    try {
      const run = await toolkit(other, 'package', '--s3-bucket', 'never-made');
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`${join(other, 'template.yaml')}:29:22`);
      expect(run.stderr).toContain(
        'Resolvers.Query.__proto__.CodeUri of Graph points at resolvers/pipeline.js, which does not exist',
      );
      expect(run.stderr).not.toMatch(/^\s+at /m);
      await expect(cloud.s3.send(new ListObjectVersionsCommand({ Bucket: 'never-made' }))).rejects.toThrow();
    } finally {
      await clean();
    }
  });
});
