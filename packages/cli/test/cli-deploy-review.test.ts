import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeStacksCommand, ListChangeSetsCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { greeterApp } from './support/greeter-app.ts';
import { projectStateDir, runToolkit } from './support/run-toolkit.ts';
import { fixtureTree, withCloud } from '@toolkit/test-support';

const exporter = (bucketName: string) => `Resources:
  Store:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: ${bucketName}
Outputs:
  Shared:
    Value: shared-value
    Export:
      Name: SharedExport
`;

const brokenCode = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }
  Broken:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code: { S3Bucket: no-such-bucket-anywhere, S3Key: missing.zip }
`;

/** Deploy's dry run, review output and failure reporting, against the embedded local cloud. */
describe('toolkit deploy: dry run, change set review and failure reasons (local target)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const toolkit = (...args: string[]) => runToolkit(args, { cwd: root });
  const stateDir = () => projectStateDir(root);
  const deploy = (stackName: string, ...args: string[]) =>
    toolkit('deploy', '--stack-name', stackName, '--capabilities', 'CAPABILITY_IAM', ...args);

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({
      ...greeterApp,
      'exporter-a.yaml': exporter('exporter-a-store'),
      'exporter-b.yaml': exporter('exporter-b-store'),
      'broken.yaml': brokenCode,
      'plain.yaml': 'Resources:\n  Store:\n    Type: AWS::S3::Bucket\n',
    }));
  });
  afterAll(() => cleanup());

  it('--dry-run on a new stack shows the plan and the change set, and leaves no stack, bucket, build or file behind', async () => {
    const run = await deploy('fresh', '--dry-run', '--output-template-file', 'packaged.yaml');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Dry run: nothing was built, uploaded, signed or written\.\nartifact\s+action\s+source/,
    );
    expect(run.stdout).toMatch(/\nGreeter\s+zip-folder\s+src\s+-\s+template\.yaml CodeUri\n/);
    expect(run.stdout).toMatch(/\nChange set for stack fresh:\naction\s+logical id\s+type\s+replacement\n/);
    expect(run.stdout).toMatch(/\nAdd\s+Greeter\s+AWS::Lambda::Function\s+-\n/);
    expect(run.stdout).toMatch(/\nAdd\s+GreeterRole\s+AWS::IAM::Role\s+-\n/);
    expect(run.stdout).toContain(
      'The change set was created to show these changes, then deleted; nothing was executed.',
    );
    expect(run.stderr).not.toMatch(/CREATE_IN_PROGRESS|CREATE_COMPLETE/);
    expect(existsSync(join(root, 'packaged.yaml'))).toBe(false);
    expect(existsSync(join(root, '.toolkit', 'build'))).toBe(false);
    await withCloud(stateDir(), async ({ cloudformation, s3 }) => {
      await expect(cloudformation.send(new DescribeStacksCommand({ StackName: 'fresh' }))).rejects.toThrow(
        /does not exist/,
      );
      const listed = await cloudformation.send(new ListStacksCommand({}));
      expect(listed.StackSummaries?.filter((s) => s.StackName === 'fresh').map((s) => s.StackStatus)).toEqual([
        'DELETE_COMPLETE',
      ]);
      expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    });
  });

  it('--dry-run on an existing stack shows its changes and leaves the stack and its change sets as they were', async () => {
    const created = await deploy('greeter', '--json');
    expect(created.exitCode, created.stderr).toBe(0);
    const run = await deploy('greeter', '--dry-run', '--parameter-overrides', 'Greeting=bye', '--json');
    expect(run.exitCode, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as {
      dryRun: boolean;
      plan: { id: string; action: string }[];
      changeSet: { action: string; logicalResourceId: string }[];
      note: string;
    };
    expect(plan.dryRun).toBe(true);
    expect(plan.plan.map((p) => `${p.id} ${p.action}`)).toEqual(['Greeter zip-folder']);
    expect(plan.changeSet.map((c) => `${c.action} ${c.logicalResourceId}`)).toEqual(['Modify Greeter']);
    expect(plan.note).toMatch(/Functions and layers show as Modify: their code was not built/);
    await withCloud(stateDir(), async ({ cloudformation }) => {
      const stack = (await cloudformation.send(new DescribeStacksCommand({ StackName: 'greeter' }))).Stacks![0]!;
      expect(stack.StackStatus).toBe('CREATE_COMPLETE');
      expect(stack.Parameters).toEqual([
        { ParameterKey: 'Greeting', ParameterValue: 'hello' },
        { ParameterKey: 'Stage', ParameterValue: 'dev' },
      ]);
      // Only the change set the real deploy executed is left.
      const changeSets =
        (await cloudformation.send(new ListChangeSetsCommand({ StackName: 'greeter' }))).Summaries ?? [];
      expect(changeSets.map((c) => [c.ChangeSetName?.startsWith('toolkit-dry-run'), c.ExecutionStatus])).toEqual([
        [false, 'EXECUTE_COMPLETE'],
      ]);
    });
  });

  it('--dry-run fails as the deploy would (a missing capability) and still leaves no stack behind', async () => {
    const run = await toolkit('deploy', '--stack-name', 'uncapable', '--dry-run');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/error: Change set for uncapable failed: Requires capabilities : \[CAPABILITY_IAM\]/);
    await withCloud(stateDir(), async ({ cloudformation }) => {
      await expect(cloudformation.send(new DescribeStacksCommand({ StackName: 'uncapable' }))).rejects.toThrow(
        /does not exist/,
      );
    });
  });

  it('--dry-run still prints the plan when the target cannot be reached, and says why no change set was made', async () => {
    const run = await deploy('unreachable', '--dry-run', '--endpoint-url', 'http://127.0.0.1:9');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: nothing was built, uploaded, signed or written\.\n/);
    expect(run.stdout).toMatch(
      /\nNo change set was created: the target could not be reached \(.*ECONNREFUSED.*\)\.\n$/,
    );
  });

  it('--output-template-file writes the packaged template, as sam deploy does', async () => {
    const run = await deploy(
      'greeter',
      '--output-template-file',
      'out/packaged.yaml',
      '--parameter-overrides',
      'Greeting=hi',
      '--json',
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const written = await readFile(join(root, 'out/packaged.yaml'), 'utf8');
    expect(written).toMatch(
      /CodeUri:\n\s+Bucket: toolkit-artifacts-[^\n]+\n\s+Key: [0-9a-f]{64}\.zip\n\s+Version: \S+/,
    );
    await withCloud(stateDir(), async ({ cloudformation }) => {
      const { GetTemplateCommand } = await import('@aws-sdk/client-cloudformation');
      expect((await cloudformation.send(new GetTemplateCommand({ StackName: 'greeter' }))).TemplateBody).toBe(written);
    });
  });

  it('exits 2 on a misspelt --capabilities value, with a suggestion, before any stack exists', async () => {
    const run = await toolkit('deploy', '--stack-name', 'typo', '--capabilities', 'CAPABILITY_IAMM');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'error: --capabilities: CAPABILITY_IAMM is not a capability (did you mean CAPABILITY_IAM?); valid values: CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND\n',
    );
    await withCloud(stateDir(), async ({ cloudformation }) => {
      await expect(cloudformation.send(new DescribeStacksCommand({ StackName: 'typo' }))).rejects.toThrow(
        /does not exist/,
      );
    });
  });

  it('--no-execute-changeset prints the change set name and ARN and the command that executes it', async () => {
    const run = await deploy('reviewed', '--no-execute-changeset');
    expect(run.exitCode, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Change set (toolkit-\d+) created for stack reviewed; it was not executed\.$/);
    const name = /^Change set (\S+)/.exec(lines[0]!)![1]!;
    expect(lines[1]).toMatch(
      new RegExp(`^  arn:aws:cloudformation:us-east-1:\\d{12}:changeSet/${name}/[0-9a-f-]{36}$`),
    );
    const arn = lines[1]!.trim();
    expect(lines[2]).toBe('Execute it with:');
    expect(lines[3]).toBe(
      `  aws cloudformation execute-change-set --change-set-name ${arn} --endpoint-url <toolkit local start endpoint>`,
    );
  });

  it('names the stack-level reason of a failed deploy (an export already taken), not only the final status', async () => {
    expect((await toolkit('deploy', '--template-file', 'exporter-a.yaml', '--stack-name', 'exporter-a')).exitCode).toBe(
      0,
    );
    const run = await toolkit('deploy', '--template-file', 'exporter-b.yaml', '--stack-name', 'exporter-b');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /error: Stack exporter-b ended in ROLLBACK_COMPLETE:\n {2}exporter-b: Export with name SharedExport is already exported by stack exporter-a\n/,
    );
    // Deploying it again is refused before a change set, naming the flag that names the stack to delete.
    const again = await toolkit('deploy', '--template-file', 'exporter-b.yaml', '--stack-name', 'exporter-b');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(
      'error: Stack exporter-b is in ROLLBACK_COMPLETE and cannot be updated; delete it first (delete with --stack-name exporter-b)\n',
    );
  });

  it('prints a failed resource as an error naming its reason, first in the final message', async () => {
    const run = await deploy('broken', '--template-file', 'broken.yaml', '--json');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^error: CREATE_FAILED\s+AWS::Lambda::Function\s+Broken\s+\S/m);
    expect(run.stderr).not.toMatch(/warning:/);
    expect(run.stderr).toMatch(/error: Stack broken ended in ROLLBACK_COMPLETE:\n {2}Broken: /);
  });

  it('colours statuses on a terminal, sized to its width, and never with NO_COLOR, --no-color or --json', async () => {
    const onTerminal = (stackName: string, ...args: string[]) =>
      runToolkit(['deploy', '--template-file', 'plain.yaml', '--stack-name', stackName, ...args], {
        cwd: root,
        tty: { columns: 100 },
      });
    const coloured = await onTerminal('colour-on');
    expect(coloured.exitCode, coloured.stderr).toBe(0);
    expect(coloured.stderr).toMatch(/^\u001b\[33m\d\d:\d\d:\d\d\s+CREATE_IN_PROGRESS\s+AWS::S3::Bucket\s+Store/m);
    expect(coloured.stderr).toMatch(
      /^\u001b\[32m\d\d:\d\d:\d\d\s+CREATE_COMPLETE\s+AWS::CloudFormation::Stack\s+colour-on/m,
    );
    expect(coloured.stderr).toMatch(/\u001b\[32m\+ Add\s+Store\s+AWS::S3::Bucket\u001b\[0m/);
    expect(coloured.stderr).toMatch(
      /^Time\s+ResourceStatus\s+ResourceType\s+LogicalResourceId\s+ResourceStatusReason$/m,
    );
    for (const line of coloured.stderr.split('\n'))
      expect(line.replace(/\u001b\[\d+m/g, '').length).toBeLessThanOrEqual(100);

    const noColor = await runToolkit(['deploy', '--template-file', 'plain.yaml', '--stack-name', 'colour-env'], {
      cwd: root,
      tty: { columns: 100 },
      env: { NO_COLOR: '1' },
    });
    const flag = await onTerminal('colour-flag', '--no-color');
    const json = await onTerminal('colour-json', '--json');
    for (const run of [noColor, flag, json]) {
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr + run.stdout).not.toContain('\u001b');
    }
    expect(flag.stderr).toMatch(/^\d\d:\d\d:\d\d\s+CREATE_COMPLETE\s+AWS::CloudFormation::Stack\s+colour-flag/m);
  });
});
