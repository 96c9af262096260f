import { join } from 'node:path';
import { DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTree, withCloud } from '@toolkit/test-support';
import { copyExample } from './support/example-project.ts';
import { projectStateDir, runToolkit } from './support/run-toolkit.ts';

describe('examples/custom-resource with the real CLI (local target)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const toolkit = (...args: string[]) => runToolkit(args, { cwd: root });
  const deploy = (...args: string[]) =>
    toolkit(
      'deploy',
      '--template-file',
      'app/template.yaml',
      '--stack-name',
      'greeting',
      '--capabilities',
      'CAPABILITY_IAM',
      '--json',
      ...args,
    );

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({}));
    await copyExample('custom-resource', join(root, 'app'));
  });
  afterAll(() => cleanup());

  it('creates, updates and deletes the Greeting through its function, reading Data as outputs', async () => {
    const created = await deploy();
    expect(created.exitCode, created.stderr).toBe(0);
    const first = JSON.parse(created.stdout) as { stackId: string; outputs: Record<string, string> };
    expect(first.outputs).toMatchObject({ Message: 'hello, world!', GreetingId: 'greeting-world' });

    const updated = await deploy('--parameter-overrides', 'Salutation=hi');
    expect(updated.exitCode, updated.stderr).toBe(0);
    expect((JSON.parse(updated.stdout) as typeof first).outputs.Message).toBe('hi, world!');

    const deleted = await toolkit('delete', '--stack-name', 'greeting', '--no-prompts');
    expect(deleted.exitCode, deleted.stderr).toBe(0);
    await withCloud(projectStateDir(root), async ({ cloudformation, s3 }) => {
      const { StackEvents } = await cloudformation.send(new DescribeStackEventsCommand({ StackName: first.stackId }));
      expect(
        StackEvents?.some((e) => e.LogicalResourceId === 'Greeting' && e.ResourceStatus === 'DELETE_COMPLETE'),
      ).toBe(true);
      // The function answered three requests (Create, Update, Delete), each at its own ResponseURL.
      const { Contents } = await s3.send(
        new ListObjectsV2Command({ Bucket: 'cloudformation-custom-resource-response-useast1', Prefix: first.stackId }),
      );
      expect(Contents?.map((object) => object.Key?.split('|')[1])).toEqual(['Greeting', 'Greeting', 'Greeting']);
    });
  });
});
