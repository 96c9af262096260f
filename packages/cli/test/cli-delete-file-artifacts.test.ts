import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { fixtureTree, getObjectBytes, lines, openCloud, s3UrlLocation, type TestCloud } from '@toolkit/test-support';
import { plainTemplate } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';

// A stack whose template names files uploaded as they are: top-level, nested and a zipped bundle.
const template = lines(
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Flow:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      DefinitionUri: flow.asl.json',
  '      Policies: []',
  '  Cleanup:',
  '    Type: AWS::Glue::Job',
  '    Properties:',
  '      Role: arn:aws:iam::123456789012:role/glue',
  '      Command:',
  '        Name: pythonshell',
  '        ScriptLocation: jobs/cleanup.py',
  '  Site:',
  '    Type: AWS::ElasticBeanstalk::ApplicationVersion',
  '    Properties:',
  '      ApplicationName: shop',
  '      SourceBundle: site/',
  '  Hello:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: hello/',
  '      Handler: index.handler',
  '      Runtime: nodejs22.x',
);

interface DeletedObject {
  bucket: string;
  key: string;
  versionId: string | null;
}

describe('toolkit delete removes the files the stack’s template points at, as sam delete does', () => {
  let cloud: TestCloud;
  let dir = '';
  let cleanup = async () => {};
  const toolkit = (...args: string[]) => runToolkit([...args, '--endpoint-url', cloud.cloud.endpoint], { cwd: dir });

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({
      'template.yaml': template,
      'flow.asl.json': '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}\n',
      'jobs/cleanup.py': 'print("cleanup")\n',
      'site/index.html': '<h1>shop</h1>\n',
      'hello/index.js': 'exports.handler = async () => "hello";\n',
    }));
    cloud = await openCloud({ stateDir: join(dir, '.cloud-state') });
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('deletes the definition, the nested script and the bundle with the code, after the stack', async () => {
    const deploy = await toolkit('deploy', '--stack-name', 'files', '--capabilities', 'CAPABILITY_IAM', '--json');
    expect(deploy.exitCode, deploy.stderr).toBe(0);
    const deployed = await cloud.cloudformation.send(new GetTemplateCommand({ StackName: 'files' }));
    const resources = plainTemplate(deployed.TemplateBody ?? '').Resources;
    const definition = resources.Flow?.Properties.DefinitionUri as { Bucket: string; Key: string; Version?: string };
    const script = String((resources.Cleanup!.Properties.Command as { ScriptLocation: string }).ScriptLocation);
    const bundle = resources.Site?.Properties.SourceBundle as { S3Bucket: string; S3Key: string };
    const bucket = definition.Bucket;
    const scriptKey = script.replace(`s3://${bucket}/`, '');
    expect(scriptKey).toMatch(/^[0-9a-f]{64}\.py$/);

    const run = await toolkit('delete', '--stack-name', 'files', '--no-prompts', '--json');
    expect(run.exitCode, run.stderr).toBe(0);
    const deleted = (JSON.parse(run.stdout) as { deletedArtifacts: DeletedObject[] }).deletedArtifacts;
    expect(deleted).toEqual(
      expect.arrayContaining([
        { bucket, key: definition.Key, versionId: definition.Version ?? null },
        { bucket, key: scriptKey, versionId: null },
        { bucket: bundle.S3Bucket, key: bundle.S3Key, versionId: null },
      ]),
    );
    expect(deleted).toHaveLength(4); // and the function's code
    for (const { bucket: at, key } of deleted)
      await expect(cloud.s3.send(new HeadObjectCommand({ Bucket: at, Key: key })), key).rejects.toMatchObject({
        name: 'NotFound',
      });
  });

  it('deletes what nested stacks point at and the nested templates, and keeps what a retained resource needs', async () => {
    const { dir: app, cleanup: clean } = await fixtureTree({
      'template.yaml': lines(
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Orders:',
        '    Type: AWS::Serverless::Application',
        '    Properties:',
        '      Location: orders/template.yaml',
        '  Keep:',
        '    Type: AWS::Glue::Job',
        '    DeletionPolicy: Retain',
        '    Properties:',
        '      Role: arn:aws:iam::123456789012:role/glue',
        '      Command: { Name: pythonshell, ScriptLocation: keep.py }',
      ),
      'keep.py': 'print("kept")\n',
      'orders/template.yaml': lines(
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Fulfil:',
        '    Type: AWS::Serverless::StateMachine',
        '    Properties:',
        '      DefinitionUri: fulfil.asl.json',
        '      Policies: []',
        '  Ship:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: ship/',
        '      Handler: index.handler',
        '      Runtime: nodejs22.x',
      ),
      'orders/fulfil.asl.json': '{"StartAt":"Shipped","States":{"Shipped":{"Type":"Succeed"}}}\n',
      'orders/ship/index.js': 'exports.handler = async () => "shipped";\n',
    });
    try {
      const inApp = (...args: string[]) => runToolkit([...args, '--endpoint-url', cloud.cloud.endpoint], { cwd: app });
      const deploy = await inApp(
        'deploy',
        '--stack-name',
        'orders',
        '--capabilities',
        'CAPABILITY_IAM',
        'CAPABILITY_AUTO_EXPAND',
      );
      expect(deploy.exitCode, deploy.stderr).toBe(0);
      const root = plainTemplate(
        (await cloud.cloudformation.send(new GetTemplateCommand({ StackName: 'orders' }))).TemplateBody ?? '',
      ).Resources;
      const nested = s3UrlLocation(String(root.Orders?.Properties.Location));
      const kept = String((root.Keep!.Properties.Command as { ScriptLocation: string }).ScriptLocation);
      const child = plainTemplate((await getObjectBytes(cloud.s3, nested.bucket, nested.key)).toString()).Resources;
      const definition = child.Fulfil?.Properties.DefinitionUri as { Bucket: string; Key: string };
      const code = child.Ship?.Properties.CodeUri as { Bucket: string; Key: string };

      const run = await inApp('delete', '--stack-name', 'orders', '--no-prompts', '--json');
      expect(run.exitCode, run.stderr).toBe(0);
      const deleted = (JSON.parse(run.stdout) as { deletedArtifacts: DeletedObject[] }).deletedArtifacts;
      expect(deleted.map((d) => d.key).sort()).toEqual([nested.key, definition.Key, code.Key].sort());
      for (const { bucket, key } of deleted)
        await expect(cloud.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), key).rejects.toMatchObject({
          name: 'NotFound',
        });
      const keptKey = kept.replace(`s3://${nested.bucket}/`, '');
      expect((await getObjectBytes(cloud.s3, nested.bucket, keptKey)).toString()).toBe('print("kept")\n');
    } finally {
      await clean();
    }
  });
});
