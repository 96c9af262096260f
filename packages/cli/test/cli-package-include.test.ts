import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { fixtureTree, getObjectBytes, openCloud, type TestCloud } from '@toolkit/test-support';
import { packageJson, plainTemplate } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';

// An HTTP API whose OpenAPI body is a separate file pulled in with AWS::Include, as real SAM apps write it,
// and a snippet merged at the top of a section; a remote Location is CloudFormation's to read.
const template = `Transform:
  - Name: AWS::Include
    Parameters: { Location: snippets/queue.yaml }
  - AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: index.handler
      Runtime: nodejs22.x
  # API Gateway may invoke Hello for the APIs' GET /hello (without it the routes answer 500, as on AWS).
  HelloPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Hello.Arn
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:*/*/GET/hello
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        'Fn::Transform':
          Name: 'AWS::Include'
          Parameters:
            Location: './api.yaml'
Outputs:
  Fn::Transform:
    Name: AWS::Include
    Parameters: { Location: snippets/outputs.json }
  Remote:
    Value: !Ref Http
    Export:
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: 's3://elsewhere/export.yaml' } }
`;

// Intrinsics inside an included snippet are evaluated: the integration names the function by GetAtt.
const api = `openapi: 3.0.1
info: { title: included, version: '1' }
paths:
  /hello:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        payloadFormatVersion: '2.0'
        uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Hello.Arn}/invocations
`;
const queue = 'Resources:\n  Queue: { Type: AWS::SQS::Queue }\n';
const outputs = '{"HelloArn": {"Value": {"Fn::GetAtt": ["Hello", "Arn"]}}}\n';

describe('toolkit package/deploy upload the files AWS::Include names, as aws cloudformation package does', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  const toolkit = (...args: string[]) => runToolkit([...args, '--endpoint-url', cloud.cloud.endpoint], { cwd: dir });

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({
      'template.yaml': template,
      'api.yaml': api,
      'snippets/outputs.json': outputs,
      'snippets/queue.yaml': queue,
      'hello/index.js': 'exports.handler = async () => ({ statusCode: 200, body: "hello from an included API" });\n',
    }));
    cloud = await openCloud({ stateDir: join(dir, '.cloud-state') });
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('uploads each included file as it is and points its Location at the s3:// URI; a remote Location stays', async () => {
    const run = await toolkit('package', '--json', '--output-template-file', 'packaged.yaml');
    const files = packageJson(run).artifacts.filter((a) => a.buildMethod === 'file');
    expect(files.map((a) => [a.id, a.resourceType, a.property])).toEqual([
      ['Transform', 'AWS::Include', 'Location'],
      ['Http', 'AWS::Include', 'Location'],
      ['Outputs', 'AWS::Include', 'Location'],
    ]);
    const [queueFile, apiFile, outputsFile] = files;
    expect(apiFile?.s3.key).toMatch(/^[0-9a-f]{64}\.yaml$/);
    const bucket = apiFile?.s3.bucket ?? '';
    expect((await getObjectBytes(cloud.s3, bucket, apiFile?.s3.key ?? '')).toString()).toBe(api);
    expect((await getObjectBytes(cloud.s3, bucket, outputsFile?.s3.key ?? '')).toString()).toBe(outputs);
    const packaged = plainTemplate(await readFile(join(dir, 'packaged.yaml'), 'utf8'));
    const include = (value: unknown) =>
      (value as { 'Fn::Transform': { Parameters: { Location: string } } })['Fn::Transform'].Parameters.Location;
    expect(include(packaged.Resources.Http?.Properties.DefinitionBody)).toBe(`s3://${bucket}/${apiFile?.s3.key}`);
    expect(include(packaged.Outputs)).toBe(`s3://${bucket}/${outputsFile?.s3.key}`);
    const transforms = (packaged as { Transform?: Array<{ Parameters?: { Location: string } }> }).Transform;
    expect(transforms?.[0]?.Parameters?.Location).toBe(`s3://${bucket}/${queueFile?.s3.key}`);
    expect(include((packaged.Outputs as Record<string, { Export: unknown }>).Remote?.Export)).toBe(
      's3://elsewhere/export.yaml',
    );
  });

  it('deploy --dry-run makes no change set: CloudFormation would read the included files from S3', async () => {
    const run = await toolkit('deploy', '--dry-run', '--stack-name', 'included-review', '--json');
    expect(run.exitCode, run.stderr).toBe(0);
    const review = JSON.parse(run.stdout) as {
      plan: { id: string; action: string }[];
      changeSet: unknown;
      note: string;
    };
    expect(review.plan.filter((p) => p.action === 'upload-file').map((p) => p.id)).toEqual([
      'Transform',
      'Http',
      'Outputs',
    ]);
    expect(review.changeSet).toBeNull();
    expect(review.note).toContain('AWS::Include');
  });

  it('deploys: the API is built from the included OpenAPI and its route answers', async () => {
    // The remote include names a bucket the local cloud does not have: leave it out of the deployed template.
    const text = template.replace(/ {4}Export:\n.*\n/, '');
    await writeFile(join(dir, 'template.yaml'), text);
    const run = await toolkit(
      'deploy',
      '--stack-name',
      'included',
      '--capabilities',
      'CAPABILITY_IAM',
      'CAPABILITY_AUTO_EXPAND',
      '--json',
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const deployed = JSON.parse(run.stdout) as { localApis: { apis: { logicalResourceId: string; apiId: string }[] } };
    const httpId = deployed.localApis.apis.find((a) => a.logicalResourceId === 'Http')?.apiId;
    const answer = await fetch(`${cloud.cloud.endpoint}/restapis/${httpId}/%24default/_user_request_/hello`);
    expect(await answer.text()).toBe('hello from an included API');
    expect(answer.status).toBe(200);
    const processed = await cloud.cloudformation.send(
      new GetTemplateCommand({ StackName: 'included', TemplateStage: 'Processed' }),
    );
    expect(processed.TemplateBody).not.toContain('Fn::Transform');
    expect(Object.keys(plainTemplate(processed.TemplateBody ?? '', 'processed').Resources)).toContain('Queue');
    expect(Object.keys(plainTemplate(processed.TemplateBody ?? '', 'processed').Outputs ?? {}).sort()).toEqual([
      'HelloArn',
      'Remote',
    ]);
  });

  it('refuses a missing included file at the line and column of its Location, exit 2', async () => {
    const { dir: other, cleanup: clean } = await fixtureTree({
      'template.yaml': template,
      'api.yaml': api,
      'snippets/queue.yaml': queue,
      'hello/index.js': '',
    });
    try {
      const run = await runToolkit(['package', '--dry-run', '--endpoint-url', cloud.cloud.endpoint], { cwd: other });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`${join(other, 'template.yaml')}:31:29`);
      expect(run.stderr).toContain(
        'AWS::Include Location of Outputs points at snippets/outputs.json, which does not exist',
      );
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await clean();
    }
  });
});
