import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { getObjectBytes, lines, missingTool, s3UrlLocation, tools } from '@toolkit/test-support';
import { awsCliPackage } from './support/aws-cli-package.ts';
import { useProjectWithCloud } from './support/project-with-cloud.ts';
import { packageJson, plainTemplate } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';

/** A function whose code is a local folder, in a template that sits one folder below `src/`. */
const functionTemplate = (code: string) =>
  lines(
    'Resources:',
    '  Fn:',
    '    Type: AWS::Lambda::Function',
    `    Properties: { Code: ${code}, Handler: index.handler, Runtime: nodejs20.x, Role: arn:aws:iam::123456789012:role/fn }`,
  );

// A nested stack and a stack set whose templates both name local code.
const files = {
  'template.yaml': lines(
    'Resources:',
    '  Child:',
    '    Type: AWS::CloudFormation::Stack',
    '    Properties:',
    '      TemplateURL: nested/child.yaml',
    '  Regions:',
    '    Type: AWS::CloudFormation::StackSet',
    '    Properties:',
    '      StackSetName: regions',
    '      PermissionModel: SELF_MANAGED',
    '      TemplateURL: stackset/region.yaml',
  ),
  'nested/child.yaml': functionTemplate('../src'),
  'stackset/region.yaml': functionTemplate('../src'),
  'src/index.js': 'exports.handler = async () => "hi";\n',
};

/**
 * `aws cloudformation package` (the AWS CLI's artifact exporter) packages a nested stack's template
 * recursively and has no entry for `AWS::CloudFormation::StackSet`; `sam package` uploads a stack
 * set's template as it is. Neither packages what a stack set's template names.
 */
describe.skipIf(missingTool(tools.awsCli))('a stack set template is not packaged recursively, as the AWS CLI', () => {
  const project = useProjectWithCloud(files);

  it('aws cloudformation package packages the nested stack and leaves the stack set template untouched', async () => {
    const [dir, cloud, bucket] = [project.dir(), project.cloud(), 'aws-cli-package'];
    await awsCliPackage(dir, cloud, bucket, 'aws.yaml');
    const resources = plainTemplate(await readFile(join(dir, 'aws.yaml'), 'utf8')).Resources;
    expect(resources.Child?.Properties.TemplateURL).toMatch(/^https?:\/\/.+\.template$/);
    expect(resources.Regions?.Properties.TemplateURL).toBe('stackset/region.yaml');
    // Two uploads, both the nested stack's: its code's zip and its packaged template.
    const keys = (await cloud.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents?.map((o) => o.Key!);
    expect(keys).toHaveLength(2);
    const child = keys!.find((key) => key.endsWith('.template'))!;
    expect(
      plainTemplate((await getObjectBytes(cloud.s3, bucket, child)).toString()).Resources.Fn?.Properties.Code,
    ).toEqual({
      S3Bucket: bucket,
      S3Key: keys!.find((key) => key !== child),
    });
  });

  it('toolkit package packages the nested stack and uploads the stack set template byte for byte', async () => {
    const [dir, cloud] = [project.dir(), project.cloud()];
    const packaged = packageJson(
      await runToolkit(
        ['package', '--json', '--output-template-file', 'toolkit.yaml', '--endpoint-url', cloud.endpoint],
        { cwd: dir },
      ),
    );
    expect(packaged.artifacts.map((a) => [a.id, a.property])).toEqual([
      ['Child/Fn', 'Code'],
      ['Regions', 'TemplateURL'],
    ]);
    const regions = packaged.artifacts.find((a) => a.id === 'Regions')!;
    const uploaded = await getObjectBytes(cloud.s3, regions.s3.bucket, regions.s3.key);
    expect(uploaded.toString()).toBe(files['stackset/region.yaml']);
    const resources = plainTemplate(await readFile(join(dir, 'toolkit.yaml'), 'utf8')).Resources;
    expect(resources.Regions?.Properties.TemplateURL).toBe(
      `https://s3.us-east-1.amazonaws.com/${regions.s3.bucket}/${regions.s3.key}`,
    );
    const child = s3UrlLocation(resources.Child?.Properties.TemplateURL as string);
    const code = packaged.artifacts.find((a) => a.id === 'Child/Fn')!.s3;
    const childTemplate = plainTemplate((await getObjectBytes(cloud.s3, child.bucket, child.key)).toString());
    expect(childTemplate.Resources.Fn?.Properties.Code).toEqual({
      S3Bucket: code.bucket,
      S3Key: code.key,
      S3ObjectVersion: code.versionId,
    });
  });
});
