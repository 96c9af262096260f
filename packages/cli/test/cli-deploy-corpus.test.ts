import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { missingTool, startTestCloud, tempDir, tools, useFixtureProjects, type TestCloud } from '@toolkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToolkit } from './support/run-toolkit.ts';

// Real-world templates (examples/corpus, MIT-0); the whole corpus runs from bench/corpus-deploy.ts.
const corpusDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'corpus');
const run = promisify(execFile);

const handler = 'exports.handler = async () => ({});\n';

describe('toolkit deploy: real-world templates with resources the local cloud does not run', () => {
  let cloud: TestCloud;
  let cleanup: () => Promise<void>;
  const project = useFixtureProjects();
  beforeAll(async () => {
    const state = await tempDir();
    cleanup = state.cleanup;
    cloud = await startTestCloud(state.dir);
  });
  afterAll(async () => {
    await cloud?.close();
    await cleanup?.();
  });

  const deploy = async (file: string, stackName: string, code: Record<string, string>, ...args: string[]) => {
    const template = await readFile(join(corpusDir, file), 'utf8');
    const cwd = await project({ 'template.yaml': template, ...code });
    return runToolkit(
      ['deploy', '--stack-name', stackName, '--capabilities', 'CAPABILITY_IAM', ...cloud.targetArgs, ...args],
      { cwd },
    );
  };

  it('deploys an SNS fan-out to SQS queues and names what is not emulated, in --json and in one human line', async () => {
    const json = await deploy('sp-sns-sqs-fanout.yaml', 'fanout', {}, '--json');
    expect(json.exitCode, json.stderr).toBe(0);
    const document = JSON.parse(json.stdout) as {
      status: string;
      notEmulated: unknown;
      outputs: Record<string, string>;
    };
    expect(document.status).toBe('CREATE_COMPLETE');
    expect(document.notEmulated).toEqual([
      {
        type: 'AWS::SNS::Subscription',
        logicalResourceIds: [
          'HumiditySqsQueueSubscription',
          'MetricsQueueSubscription',
          'TemperatureSqsQueueSubscription',
        ],
      },
      { type: 'AWS::SNS::Topic', logicalResourceIds: ['MetricsSnsTopic'] },
      {
        type: 'AWS::SQS::Queue',
        logicalResourceIds: [
          'AllMetricsSqsQueue',
          'HumiditySqsDLQueue',
          'HumiditySqsQueue',
          'MetricsSqsDLQueue',
          'TemperatureSqsDLQueue',
          'TemperatureSqsQueue',
        ],
      },
      { type: 'AWS::SQS::QueuePolicy', logicalResourceIds: ['SnsToSqsPolicy'] },
    ]);

    const human = await deploy('sp-sns-sqs-fanout.yaml', 'fanout', {}, '--no-fail-on-empty-changeset');
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout.split('\n').filter((line) => line.startsWith('not emulated locally:'))).toEqual([
      'not emulated locally: AWS::SNS::Subscription (HumiditySqsQueueSubscription, MetricsQueueSubscription, ' +
        'TemperatureSqsQueueSubscription), AWS::SNS::Topic (MetricsSnsTopic), AWS::SQS::Queue (AllMetricsSqsQueue, ' +
        'HumiditySqsDLQueue, HumiditySqsQueue, MetricsSqsDLQueue, TemperatureSqsDLQueue, TemperatureSqsQueue), ' +
        'AWS::SQS::QueuePolicy (SnsToSqsPolicy)',
    ]);
  });

  it('deploys SAM functions fed by a DynamoDB stream, recording the table and the event source mappings as not emulated', async () => {
    const code = {
      'src/handlers/dynamodb-insert-trigger.js': handler,
      'src/handlers/dynamodb-delete-trigger.js': handler,
    };
    const result = await deploy('sp-dynamodb-streams-lambda-event-filters.yaml', 'streams', code, '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const { StackResources } = await cloud.cloudformation.send(
      new DescribeStackResourcesCommand({ StackName: 'streams' }),
    );
    const byId = new Map((StackResources ?? []).map((r) => [r.LogicalResourceId, r]));
    const table = byId.get('DynamoDBTable')?.PhysicalResourceId ?? '';
    expect(table).toMatch(/^streams-DynamoDBTable-[A-Z0-9]{12}$/);
    // The SAM transform generates each DynamoDB event's event source mapping, which is recorded too.
    expect((JSON.parse(result.stdout) as { notEmulated: unknown }).notEmulated).toEqual([
      { type: 'AWS::DynamoDB::Table', logicalResourceIds: ['DynamoDBTable'] },
      {
        type: 'AWS::Lambda::EventSourceMapping',
        logicalResourceIds: ['deleteItemTriggerFunctionDynamoDBTable', 'putItemTriggerFunctionDynamoDBTable'],
      },
    ]);
    const fn = await cloud.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: byId.get('putItemTriggerFunction')?.PhysicalResourceId }),
    );
    expect(fn.Handler).toBe('dynamodb-insert-trigger.putItemTriggerHandler');
  });

  it.skipIf(missingTool(tools.cfnLint))('cfn-lint accepts every corpus template', async () => {
    const files = (await readdir(corpusDir)).filter((file) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(30);
    // Warnings (style advice) are allowed; any error fails.
    const lint = await run('cfn-lint', ['--non-zero-exit-code', 'error', ...files], { cwd: corpusDir }).catch(
      (error: { stdout?: string; code?: number }) => ({ stdout: `exit ${error.code}: ${error.stdout ?? ''}` }),
    );
    expect(lint.stdout).not.toMatch(/^E\d{4}/m);
    expect(lint.stdout).not.toMatch(/^exit /);
  });
});
