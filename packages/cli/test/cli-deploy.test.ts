import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeStacksCommand, GetTemplateCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { GetFunctionCodeSigningConfigCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { DescribeSigningJobCommand } from '@aws-sdk/client-signer';
import { copyExample } from './support/example-project.ts';
import { deleteStack } from '@toolkit/toolkit';
import { greeterApp } from './support/greeter-app.ts';
import { projectStateDir, runToolkit, type ToolkitRun } from './support/run-toolkit.ts';
import { fixtureTree, withCloud } from '@toolkit/test-support';

/** `toolkit deploy --json`'s document. */
interface DeployDocument {
  stackName: string;
  stackId: string | null;
  status: string;
  changeSetName: string | null;
  changeSetId: string | null;
  changeSet: { action: string; logicalResourceId: string; resourceType: string; replacement: string | null }[];
  outputs: Record<string, string>;
  warnings: string[];
}

function deployDocument(run: ToolkitRun): DeployDocument {
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as DeployDocument;
}

const threeFunctions = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
    CodeSigningConfigArn: !ImportValue toolkit-admin-CodeSigningConfigArn
Resources:
  Alpha:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: alpha/
  Beta:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: beta/
  Gamma:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: gamma/
Outputs:
  AlphaName:
    Value: !Ref Alpha
  BetaName:
    Value: !Ref Beta
  GammaName:
    Value: !Ref Gamma
`;

describe('toolkit deploy: the admin stack and signed apps (local target)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const toolkit = (...args: string[]) => runToolkit(args, { cwd: root });
  const stateDir = () => projectStateDir(root);
  let admin: Record<string, string>;

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({
      'multi/template.yaml': threeFunctions,
      'multi/alpha/index.mjs': 'export const handler = async () => "alpha";\n',
      'multi/beta/index.mjs': 'export const handler = async () => "beta";\n',
      'multi/gamma/index.mjs': 'export const handler = async () => "gamma";\n',
    }));
    await copyExample('admin', join(root, 'admin'));
    await copyExample('hello-signed', join(root, 'hello'));
  });
  afterAll(() => cleanup());

  it('deploys the admin stack and prints its outputs in human mode', async () => {
    const run = await toolkit('deploy', '--template-file', 'admin/template.yaml', '--stack-name', 'toolkit-admin');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Stack toolkit-admin: CREATE_COMPLETE\nOutputs\n/);
    const rows = Object.fromEntries(
      run.stdout
        .split('\n')
        .slice(3)
        .filter(Boolean)
        .map((line) => line.split(/\s+/) as [string, string]),
    );
    expect(rows.SigningProfileName).toBe('ReleaseSigning');
    expect(rows.SigningProfileVersionArn).toMatch(
      /^arn:aws:signer:us-east-1:\d{12}:\/signing-profiles\/ReleaseSigning\/[a-zA-Z0-9]{10}$/,
    );
    expect(rows.CodeSigningConfigArn).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:code-signing-config:csc-[a-z0-9]{17}$/);
    // Progress and the change set go to stderr, never into the results.
    expect(run.stderr).toMatch(/\+ Add\s+ReleaseSigningProfile\s+AWS::Signer::SigningProfile/);
    expect(run.stderr).toContain('CREATE_COMPLETE');
    admin = rows as Record<string, string>;
  });

  it('deploys the hello-signed example with signed code that Lambda accepts under Enforce', async () => {
    const run = await toolkit(
      'deploy',
      '--template-file',
      'hello/template.yaml',
      '--stack-name',
      'hello-signed',
      '--signing-profiles',
      'HelloFunction=ReleaseSigning',
      '--capabilities',
      'CAPABILITY_IAM',
      '--json',
    );
    const document = deployDocument(run);
    expect(Object.keys(document)).toEqual([
      'stackName',
      'stackId',
      'status',
      'changeSetName',
      'changeSetId',
      'changeSet',
      'outputs',
      'warnings',
      'notEmulated',
    ]);
    expect(document.changeSetId).toMatch(
      new RegExp(`^arn:aws:cloudformation:us-east-1:\\d{12}:changeSet/${document.changeSetName}/`),
    );
    expect(document).toMatchObject({
      stackName: 'hello-signed',
      status: 'CREATE_COMPLETE',
      warnings: [],
      notEmulated: [],
    });
    expect(document.stackId).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:stack\/hello-signed\//);
    expect(document.changeSet).toContainEqual({
      action: 'Add',
      logicalResourceId: 'HelloFunction',
      resourceType: 'AWS::Lambda::Function',
      replacement: null,
    });
    expect(document.changeSet.every((c) => c.action === 'Add')).toBe(true);
    const functionArn = document.outputs.HelloFunctionArn!;
    expect(functionArn).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:hello-signed-HelloFunction-/);

    await withCloud(stateDir(), async ({ lambda, signer }) => {
      const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
      expect(config.SigningProfileVersionArn).toBe(admin.SigningProfileVersionArn);
      expect(config.SigningJobArn).toMatch(/^arn:aws:signer:us-east-1:\d{12}:\/signing-jobs\/[0-9a-f-]{36}$/);
      const job = await signer.send(new DescribeSigningJobCommand({ jobId: config.SigningJobArn!.split('/').pop()! }));
      expect(job.status).toBe('Succeeded');
      expect(job.profileName).toBe('ReleaseSigning');
      const csc = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: functionArn }));
      expect(csc.CodeSigningConfigArn).toBe(admin.CodeSigningConfigArn);
    });
  });

  it('redeploys a three-function app with one changed function as exactly one Modify', async () => {
    const signing = ['--signing-profiles', 'Alpha=ReleaseSigning', 'Beta=ReleaseSigning', 'Gamma=ReleaseSigning'];
    const deploy = () =>
      toolkit(
        'deploy',
        '--template-file',
        'multi/template.yaml',
        '--stack-name',
        'multi',
        '--capabilities',
        'CAPABILITY_IAM',
        ...signing,
        '--json',
      );
    const first = deployDocument(await deploy());
    expect(first.status).toBe('CREATE_COMPLETE');
    const names = [first.outputs.AlphaName!, first.outputs.BetaName!, first.outputs.GammaName!];
    const snapshot = () =>
      withCloud(stateDir(), ({ lambda }) =>
        Promise.all(names.map((name) => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })))),
      );
    const before = await snapshot();

    await writeFile(join(root, 'multi/beta/index.mjs'), 'export const handler = async () => "beta, second release";\n');
    const second = deployDocument(await deploy());
    expect(second.status).toBe('UPDATE_COMPLETE');
    expect(second.changeSet).toEqual([
      { action: 'Modify', logicalResourceId: 'Beta', resourceType: 'AWS::Lambda::Function', replacement: 'False' },
    ]);

    const after = await snapshot();
    for (const i of [0, 2]) {
      expect(after[i]!.CodeSha256).toBe(before[i]!.CodeSha256);
      expect(after[i]!.LastModified).toBe(before[i]!.LastModified);
      expect(after[i]!.SigningJobArn).toBe(before[i]!.SigningJobArn);
    }
    expect(after[1]!.CodeSha256).not.toBe(before[1]!.CodeSha256);
    expect(after[1]!.SigningJobArn).not.toBe(before[1]!.SigningJobArn);
    expect(after[1]!.SigningProfileVersionArn).toBe(admin.SigningProfileVersionArn);
  });
});

describe('toolkit deploy and delete: flags and exit codes (local target)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const toolkit = (...args: string[]) => runToolkit(args, { cwd: root });
  const stateDir = () => projectStateDir(root);
  const deploy = (stackName: string, ...args: string[]) =>
    toolkit('deploy', '--stack-name', stackName, '--capabilities', 'CAPABILITY_IAM', ...args);
  // Stack tags are sent on every deploy (an empty list removes them, as with `aws cloudformation deploy`).
  const tags = ['--tags', 'team=core', 'cost-center=42'];
  const describeStack = (stackName: string) =>
    withCloud(
      stateDir(),
      async ({ cloudformation }) =>
        (await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]!,
    );
  const greetingOf = (functionName: string) =>
    withCloud(
      stateDir(),
      async ({ lambda }) =>
        (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }))).Environment?.Variables,
    );

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree(greeterApp));
  });
  afterAll(() => cleanup());

  it('passes --parameter-overrides to the template and --tags to the stack', async () => {
    const document = deployDocument(
      await deploy(
        'greeter',
        '--parameter-overrides',
        'Greeting=hi there',
        'ParameterKey=Stage,ParameterValue=prod',
        ...tags,
        '--json',
      ),
    );
    expect(document.status).toBe('CREATE_COMPLETE');
    expect(await greetingOf(document.outputs.GreeterName!)).toEqual({ GREETING: 'hi there', STAGE: 'prod' });
    const stack = await describeStack('greeter');
    expect(Object.fromEntries(stack.Parameters!.map((p) => [p.ParameterKey, p.ParameterValue]))).toEqual({
      Greeting: 'hi there',
      Stage: 'prod',
    });
    expect(Object.fromEntries(stack.Tags!.map((t) => [t.Key, t.Value]))).toEqual({ team: 'core', 'cost-center': '42' });
  });

  it('fails with "No changes to deploy" when nothing changed, unless --no-fail-on-empty-changeset', async () => {
    const failed = await deploy('greeter', ...tags);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/error: No changes to deploy\. Stack greeter is up to date/);

    const passed = await deploy('greeter', ...tags, '--no-fail-on-empty-changeset');
    expect(passed.exitCode, passed.stderr).toBe(0);
    expect(passed.stdout.split('\n')[0]).toBe('No changes to deploy. Stack greeter is up to date.');
    // Said once, as the result: not again as a message on stderr.
    expect(passed.stderr).not.toMatch(/No changes/);

    const document = deployDocument(await deploy('greeter', ...tags, '--no-fail-on-empty-changeset', '--json'));
    expect(document.status).toBe('NO_CHANGES');
    // Earlier parameter values are kept, as `aws cloudformation deploy` keeps them.
    expect(document.outputs.GreeterName).toBe(
      (await describeStack('greeter')).Outputs!.find((o) => o.OutputKey === 'GreeterName')!.OutputValue,
    );
    expect(await greetingOf(document.outputs.GreeterName!)).toEqual({ GREETING: 'hi there', STAGE: 'prod' });
  });

  it('--confirm-changeset without a terminal neither prompts nor executes', async () => {
    const run = await deploy('greeter', ...tags, '--parameter-overrides', 'Greeting=bye', '--confirm-changeset');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/warning: --confirm-changeset: no terminal to ask; the change set was not executed/);
    expect(run.stderr).toMatch(/\* Modify\s+Greeter\s+AWS::Lambda::Function/);
    expect(run.stderr).not.toMatch(/\[y\/N\]/);
    expect(run.stderr).not.toMatch(/UPDATE_IN_PROGRESS/);
    const stack = await describeStack('greeter');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Parameters!.find((p) => p.ParameterKey === 'Greeting')?.ParameterValue).toBe('hi there');
  });

  it('--no-execute-changeset leaves a new stack in REVIEW_IN_PROGRESS with its change set unexecuted', async () => {
    const document = deployDocument(await deploy('reviewed', '--no-execute-changeset', '--json'));
    expect(document.status).toBe('CHANGESET_CREATED');
    expect(document.changeSet.map((c) => `${c.action} ${c.logicalResourceId}`).sort()).toEqual([
      'Add Greeter',
      'Add GreeterRole',
    ]);
    await withCloud(stateDir(), async ({ cloudformation }) => {
      const stack = (await cloudformation.send(new DescribeStacksCommand({ StackName: 'reviewed' }))).Stacks![0]!;
      expect(stack.StackStatus).toBe('REVIEW_IN_PROGRESS');
      const changeSets = await cloudformation.send(new ListChangeSetsCommand({ StackName: 'reviewed' }));
      expect(changeSets.Summaries?.map((s) => [s.Status, s.ExecutionStatus])).toEqual([
        ['CREATE_COMPLETE', 'AVAILABLE'],
      ]);
    });
    // Deploying it for real afterwards creates the stack under review.
    const created = deployDocument(await deploy('reviewed', '--json'));
    expect(created.status).toBe('CREATE_COMPLETE');
  });

  it('exits 2 naming an unknown parameter, a missing --stack-name or a repeated flag', async () => {
    const unknown = await deploy('greeter', '--parameter-overrides', 'Colour=blue');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/--parameter-overrides: the template declares no parameter Colour/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);

    const missing = await toolkit('deploy');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/--stack-name: required/);
    expect(missing.stdout).toBe('');

    const repeated = await deploy('greeter', '--template-file', 'template.yaml', '--template-file', 'other.yaml');
    expect(repeated.exitCode).toBe(2);
    expect(repeated.stderr).toBe('error: --template-file: given more than once\n');
  });

  it('toolkit delete --no-prompts removes the stack, its function and the code its template pointed at', async () => {
    const functionName = (await describeStack('greeter')).Outputs!.find(
      (o) => o.OutputKey === 'GreeterName',
    )!.OutputValue!;
    const code = await withCloud(stateDir(), async ({ cloudformation }) => {
      const template = (await cloudformation.send(new GetTemplateCommand({ StackName: 'greeter' }))).TemplateBody!;
      const match = /CodeUri:\n\s+Bucket: (\S+)\n\s+Key: (\S+)\n\s+Version: (\S+)/.exec(template)!;
      return { bucket: match[1]!, key: match[2]!, versionId: match[3]! };
    });
    const run = await toolkit('delete', '--stack-name', 'greeter', '--no-prompts', '--json');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      stackName: 'greeter',
      status: 'DELETE_COMPLETE',
      deletedArtifacts: [code],
    });
    await withCloud(stateDir(), async ({ cloudformation, lambda, s3 }) => {
      await expect(cloudformation.send(new DescribeStacksCommand({ StackName: 'greeter' }))).rejects.toThrow(
        /does not exist/,
      );
      await expect(
        lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: code.bucket, Prefix: code.key }));
      expect((versions.Versions ?? []).map((v) => v.VersionId)).not.toContain(code.versionId);
    });
  });

  it('toolkit delete asks first: without a terminal it needs --no-prompts; a stack that does not exist is an error', async () => {
    const unasked = await toolkit('delete', '--stack-name', 'reviewed');
    expect(unasked.exitCode).toBe(1);
    expect(unasked.stderr).toBe(
      'error: Not deleting stack reviewed: no terminal to confirm on; pass --no-prompts to delete without asking\n',
    );
    expect((await describeStack('reviewed')).StackStatus).toBe('CREATE_COMPLETE');

    // What a terminal prompt is asked with, and a "no" answer: nothing is deleted.
    const asked: unknown[] = [];
    const declined = await deleteStack({
      stackName: 'reviewed',
      cwd: root,
      confirm: async (plan) => (asked.push(plan), false),
    });
    expect(declined).toEqual({ stackName: 'reviewed', status: 'DELETE_DECLINED', deletedArtifacts: [] });
    expect(asked).toEqual([
      {
        stackName: 'reviewed',
        region: 'us-east-1',
        artifacts: [expect.objectContaining({ key: expect.stringMatching(/\.zip$/) })],
      },
    ]);
    expect((await describeStack('reviewed')).StackStatus).toBe('CREATE_COMPLETE');

    const kept = await toolkit('delete', '--stack-name', 'reviewed', '--no-prompts', '--keep-artifacts');
    expect(kept.exitCode, kept.stderr).toBe(0);
    expect(kept.stdout).toBe('Stack reviewed: DELETE_COMPLETE\n');

    const missing = await toolkit('delete', '--stack-name', 'reviewed', '--no-prompts');
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('error: Stack reviewed does not exist in region us-east-1\n');
  });
});
