import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getObjectBytes, lines, missingTool, readZip, tools } from '@toolkit/test-support';
import { awsCliPackage } from './support/aws-cli-package.ts';
import { packageJson, plainTemplate } from './support/package-output.ts';
import { useProjectWithCloud } from './support/project-with-cloud.ts';
import { runToolkit } from './support/run-toolkit.ts';

// Function code and layer content each named by one file that is not a zip.
const files = {
  'template.yaml': lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Plain:',
    '    Type: AWS::Lambda::Function',
    '    Properties: { Code: plain/index.js, Handler: index.handler, Runtime: nodejs20.x, Role: arn:aws:iam::123456789012:role/fn }',
    '  Sam:',
    '    Type: AWS::Serverless::Function',
    '    Properties: { CodeUri: sam/app.py, Handler: app.handler, Runtime: python3.12 }',
    '  Shared:',
    '    Type: AWS::Lambda::LayerVersion',
    '    Properties: { Content: layer/util.js }',
  ),
  'plain/index.js': 'exports.handler = async () => "plain";\n',
  'sam/app.py': 'def handler(event, context):\n    return "sam"\n',
  'layer/util.js': 'module.exports = "util";\n',
};

/** Where each property of a packaged template points, in the form its resource type takes. */
function locations(template: ReturnType<typeof plainTemplate>): Map<string, { bucket: string; key: string }> {
  const r = template.Resources;
  const code = r.Plain!.Properties.Code as { S3Bucket: string; S3Key: string };
  const content = r.Shared!.Properties.Content as { S3Bucket: string; S3Key: string };
  // An s3:// URI, or (ours, from a versioned bucket) a {Bucket, Key, Version} mapping.
  const codeUri = r.Sam!.Properties.CodeUri as string | { Bucket: string; Key: string };
  const [, bucket, key] =
    typeof codeUri === 'string' ? /^s3:\/\/([^/]+)\/(.+)$/.exec(codeUri)! : ['', codeUri.Bucket, codeUri.Key];
  return new Map([
    ['Plain', { bucket: code.S3Bucket, key: code.S3Key }],
    ['Sam', { bucket: bucket!, key: key! }],
    ['Shared', { bucket: content.S3Bucket, key: content.S3Key }],
  ]);
}

describe.skipIf(missingTool(tools.awsCli))('package: a function or layer named by one file, as the AWS CLI', () => {
  const project = useProjectWithCloud(files);

  /** The entries of each uploaded zip, by logical id. */
  async function zippedEntries(packaged: string): Promise<Map<string, Array<[string, string]>>> {
    const [dir, cloud] = [project.dir(), project.cloud()];
    const entries = new Map<string, Array<[string, string]>>();
    for (const [id, { bucket, key }] of locations(plainTemplate(await readFile(join(dir, packaged), 'utf8')))) {
      const zip = join(dir, `${packaged}-${id}.zip`);
      await writeFile(zip, await getObjectBytes(cloud.s3, bucket, key));
      entries.set(
        id,
        (await readZip(zip)).map((e) => [e.name, e.content.toString()] as [string, string]),
      );
    }
    return entries;
  }

  it('zips each file alone, under its own name, as aws cloudformation package does', async () => {
    const [dir, cloud] = [project.dir(), project.cloud()];
    await awsCliPackage(dir, cloud, 'aws-cli-package', 'aws.yaml');
    const packaged = packageJson(
      await runToolkit(
        ['package', '--json', '--output-template-file', 'toolkit.yaml', '--endpoint-url', cloud.endpoint],
        { cwd: dir },
      ),
    );
    expect(packaged.artifacts.map((a) => a.id)).toEqual(['Plain', 'Sam', 'Shared']);
    const ours = await zippedEntries('toolkit.yaml');
    expect(ours).toEqual(await zippedEntries('aws.yaml'));
    expect(ours.get('Sam')).toEqual([['app.py', files['sam/app.py']]]);
    expect(ours.get('Plain')).toEqual([['index.js', files['plain/index.js']]]);
    expect(ours.get('Shared')).toEqual([['util.js', files['layer/util.js']]]);
  });
});
