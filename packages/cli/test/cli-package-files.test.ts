import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { fixtureTree, getObjectBytes, openCloud, s3UrlLocation, type TestCloud } from '@toolkit/test-support';
import { packageJson, plainTemplate } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';

// Definitions named by a local path, as real SAM apps write them: uploaded as files, not zipped.
const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/flow.asl.json
      Policies: []
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionUri: api/openapi.yaml
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: api/openapi.yaml
  Raw:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/flow
      DefinitionS3Location: statemachine/flow.asl.json
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: files-hello
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
`;

const flow = '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}\n';
/** An OpenAPI file cannot hold intrinsics: its integration names the function by its literal ARN. */
const openapiFor = (accountId: string) => `openapi: 3.0.1
info:
  title: files
  version: '1'
paths:
  /hello:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${accountId}:function:files-hello/invocations
`;
let openapi = '';

describe('toolkit package/deploy upload the definition files a template names, as aws cloudformation package does', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  const toolkit = (...args: string[]) => runToolkit([...args, '--endpoint-url', cloud.cloud.endpoint], { cwd: dir });

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({
      'template.yaml': template,
      'statemachine/flow.asl.json': flow,
      'hello/index.js': 'exports.handler = async () => ({ statusCode: 200, body: "hello from a file definition" });\n',
    }));
    cloud = await openCloud({ stateDir: join(dir, '.cloud-state') });
    openapi = openapiFor(cloud.cloud.accountId);
    await mkdir(join(dir, 'api'));
    await writeFile(join(dir, 'api/openapi.yaml'), openapi);
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('uploads each file once as it is, points each property at it in its own form, and uploads nothing the second time', async () => {
    const first = packageJson(await toolkit('package', '--json', '--output-template-file', 'packaged.yaml'));
    first.artifacts = first.artifacts.filter((a) => a.buildMethod === 'file');
    const files = first.artifacts.map((a) => [a.id, a.property, a.buildMethod, a.signing]);
    expect(files).toEqual([
      ['Flow', 'DefinitionUri', 'file', null],
      ['Api', 'DefinitionUri', 'file', null],
      ['Http', 'DefinitionUri', 'file', null],
      ['Raw', 'DefinitionS3Location', 'file', null],
    ]);
    const [flowArtifact, apiArtifact, httpArtifact, rawArtifact] = first.artifacts;
    expect(flowArtifact?.s3.key).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(apiArtifact?.s3.key).toMatch(/^[0-9a-f]{64}\.yaml$/);
    // One file named twice is one object.
    expect(rawArtifact?.s3).toEqual(flowArtifact?.s3);
    expect(httpArtifact?.s3).toEqual(apiArtifact?.s3);
    const bucket = flowArtifact?.s3.bucket ?? '';
    expect((await getObjectBytes(cloud.s3, bucket, flowArtifact?.s3.key ?? '')).toString()).toBe(flow);
    expect((await getObjectBytes(cloud.s3, bucket, apiArtifact?.s3.key ?? '')).toString()).toBe(openapi);

    const packaged = plainTemplate(await readFile(join(dir, 'packaged.yaml'), 'utf8'));
    const version = flowArtifact?.s3.versionId;
    const mapping = { Bucket: bucket, Key: flowArtifact?.s3.key, ...(version ? { Version: version } : {}) };
    expect(packaged.Resources.Flow?.Properties.DefinitionUri).toEqual(mapping);
    expect(packaged.Resources.Raw?.Properties.DefinitionS3Location).toEqual(mapping);
    expect(packaged.Resources.Api?.Properties.DefinitionUri).toBe(`s3://${bucket}/${apiArtifact?.s3.key}`);
    expect(packaged.Resources.Http?.Properties.DefinitionUri).toBe(`s3://${bucket}/${apiArtifact?.s3.key}`);

    const versions = async () =>
      (await cloud.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }))).Versions?.length ?? 0;
    const before = await versions();
    const again = packageJson(await toolkit('package', '--json', '--output-template-file', 'packaged.yaml'));
    const againFiles = again.artifacts.filter((a) => a.buildMethod === 'file');
    expect(againFiles.map((a) => a.s3)).toEqual(first.artifacts.map((a) => a.s3));
    expect(await versions()).toBe(before);
  });

  it('lists the files in the dry-run plan as upload-file entries', async () => {
    const run = await toolkit('package', '--dry-run', '--json');
    expect(run.exitCode, run.stderr).toBe(0);
    const plan = (JSON.parse(run.stdout) as { plan: { id: string; action: string; source: string }[] }).plan;
    expect(plan.map((p) => [p.id, p.action, p.source])).toEqual([
      ['Flow', 'upload-file', join(dir, 'statemachine/flow.asl.json')],
      ['Api', 'upload-file', join(dir, 'api/openapi.yaml')],
      ['Http', 'upload-file', join(dir, 'api/openapi.yaml')],
      ['Raw', 'upload-file', join(dir, 'statemachine/flow.asl.json')],
      ['Hello', 'zip-folder', join(dir, 'hello')],
    ]);
  });

  it('deploy --dry-run makes its change set with stand-in locations for the files', async () => {
    const run = await toolkit(
      'deploy',
      '--dry-run',
      '--stack-name',
      'files-review',
      '--capabilities',
      'CAPABILITY_IAM',
      '--json',
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const review = JSON.parse(run.stdout) as { changeSet: { logicalResourceId: string }[] | null; note: string };
    expect(review.changeSet?.map((c) => c.logicalResourceId)).toEqual(expect.arrayContaining(['Flow', 'Raw']));
  });

  it('deploys: the state machine and the API read their definitions from the uploaded objects, and the API answers', async () => {
    const run = await toolkit('deploy', '--stack-name', 'files', '--capabilities', 'CAPABILITY_IAM', '--json');
    expect(run.exitCode, run.stderr).toBe(0);
    const deployed = JSON.parse(run.stdout) as { localApis: { apis: { logicalResourceId: string; apiId: string }[] } };
    const apiId = deployed.localApis.apis.find((a) => a.logicalResourceId === 'Api')?.apiId;
    const httpId = deployed.localApis.apis.find((a) => a.logicalResourceId === 'Http')?.apiId;
    for (const url of [`${apiId}/Prod`, `${httpId}/%24default`]) {
      const answer = await fetch(`${cloud.cloud.endpoint}/restapis/${url}/_user_request_/hello`);
      expect(await answer.text()).toBe('hello from a file definition');
      expect(answer.status).toBe(200);
    }
    const processed = await cloud.cloudformation.send(
      new GetTemplateCommand({ StackName: 'files', TemplateStage: 'Processed' }),
    );
    const resources = plainTemplate(processed.TemplateBody ?? '', 'processed').Resources;
    const location = resources.Flow?.Properties.DefinitionS3Location as { Bucket: string; Key: string };
    expect(location.Key).toMatch(/^[0-9a-f]{64}\.json$/);
    expect((await getObjectBytes(cloud.s3, location.Bucket, location.Key)).toString()).toBe(flow);
    const body = resources.Api?.Properties.BodyS3Location as { Bucket: string; Key: string };
    expect((await getObjectBytes(cloud.s3, body.Bucket, body.Key)).toString()).toBe(openapi);
  });

  it('uploads the files of a nested template (relative to it) before the nested template itself', async () => {
    const { dir: other, cleanup: clean } = await fixtureTree({
      'template.yaml':
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  Child:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: child/template.yaml\n',
      'child/template.yaml':
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: flow.asl.json\n',
      'child/flow.asl.json': flow,
    });
    try {
      const args = [
        'package',
        '--json',
        '--output-template-file',
        'packaged.yaml',
        '--endpoint-url',
        cloud.cloud.endpoint,
      ];
      const run = await runToolkit(args, { cwd: other });
      const packaged = packageJson(run);
      const file = packaged.artifacts.find((a) => a.id === 'Child/Flow');
      expect(file?.property).toBe('DefinitionUri');
      const root = plainTemplate(await readFile(join(other, 'packaged.yaml'), 'utf8'));
      const nested = s3UrlLocation(String(root.Resources.Child?.Properties.Location));
      const child = plainTemplate((await getObjectBytes(cloud.s3, nested.bucket, nested.key)).toString());
      const location = child.Resources.Flow?.Properties.DefinitionUri as { Bucket: string; Key: string };
      expect(location.Key).toBe(file?.s3.key);
      expect((await getObjectBytes(cloud.s3, location.Bucket, location.Key)).toString()).toBe(flow);
    } finally {
      await clean();
    }
  });

  it('refuses a signing profile for a definition file, naming the flag, exit 2', async () => {
    const run = await toolkit('package', '--dry-run', '--signing-profiles', 'Flow=Release');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      '--signing-profiles: Flow names its DefinitionUri file, which is uploaded as it is: only function and layer code is signed',
    );
  });

  it('refuses a missing file at the line and column of its property, exit 2, uploading nothing', async () => {
    const { dir: other, cleanup: clean } = await fixtureTree({
      'template.yaml': template,
      'api/openapi.yaml': openapi,
    });
    try {
      const run = await runToolkit(['package', '--endpoint-url', cloud.cloud.endpoint, '--s3-bucket', 'never-made'], {
        cwd: other,
      });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`${join(other, 'template.yaml')}:6:22`);
      expect(run.stderr).toContain('DefinitionUri of Flow points at statemachine/flow.asl.json, which does not exist');
      expect(run.stderr).not.toMatch(/^\s+at /m);
      await expect(cloud.s3.send(new ListObjectVersionsCommand({ Bucket: 'never-made' }))).rejects.toThrow();
    } finally {
      await clean();
    }
  });
});
