import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeStackEventsCommand,
  ListStacksCommand,
  type StackSummary,
} from '@aws-sdk/client-cloudformation';
import { MAX_NESTED_STACK_DEPTH } from '@toolkit/template';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { sdkError } from './lambda-fixtures.ts';

// Every nested stack resource is a stack of its own, as in AWS: a template that nests the
// next level twice makes 2^depth stacks, and one that nests itself never ends. The cloud
// bounds both — nesting depth, and the stack quota (here lowered by the stackLimit knob).

const STACK_LIMIT = 40;

describe('CloudFormation nested stacks: depth and stack quota', () => {
  let f: CfnFixture;
  beforeAll(async () => {
    f = await startCfnFixture({ knobs: { stackLimit: STACK_LIMIT } });
  });
  afterAll(async () => {
    await f?.close();
  });

  const url = (key: string) => `https://s3.us-east-1.amazonaws.com/${f.artifactBucket}/${key}`;
  const nesting = (ids: string[], key: string) =>
    ids
      .map((id) => `  ${id}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ${url(key)}\n`)
      .join('');

  /** Every stack, deleted ones too. */
  async function treeOfAll(): Promise<StackSummary[]> {
    const all: StackSummary[] = [];
    let next: string | undefined;
    do {
      const page = await f.cfn.send(new ListStacksCommand({ NextToken: next }));
      all.push(...(page.StackSummaries ?? []));
      next = page.NextToken;
    } while (next);
    return all;
  }

  /** Every stack under this root (deleted ones too), and the root. */
  async function treeOf(rootId: string): Promise<StackSummary[]> {
    return (await treeOfAll()).filter((s) => s.StackId === rootId || s.RootId === rootId);
  }

  /** The resource failure reasons recorded anywhere in the tree. */
  async function failureReasons(tree: StackSummary[]): Promise<string[]> {
    const reasons: string[] = [];
    for (const stack of tree) {
      const { StackEvents } = await f.cfn.send(new DescribeStackEventsCommand({ StackName: stack.StackId }));
      for (const e of StackEvents ?? [])
        if (e.ResourceStatus === 'CREATE_FAILED' && e.ResourceStatusReason) reasons.push(e.ResourceStatusReason);
    }
    return reasons;
  }

  it(`stops a template that nests itself at ${MAX_NESTED_STACK_DEPTH} levels, naming the chain, and rolls back`, async () => {
    const self = `Resources:\n${nesting(['Again'], 'templates/self.yaml')}`;
    await f.upload('templates/self.yaml', self);
    await f.cfn.send(new CreateStackCommand({ StackName: 'self', TemplateBody: self }));
    const root = await f.waitForStack('self');
    expect(root.StackStatus).toBe('ROLLBACK_COMPLETE');
    const tree = await treeOf(root.StackId ?? '');
    // The root and one stack per allowed level, all deleted again by the rollback but the root.
    expect(tree).toHaveLength(MAX_NESTED_STACK_DEPTH + 1);
    expect(tree.filter((s) => s.StackStatus !== 'DELETE_COMPLETE').map((s) => s.StackName)).toEqual(['self']);
    const deepest = (await failureReasons(tree)).filter((r) => r.startsWith('Nested stacks go deeper'));
    expect(deepest).toHaveLength(1);
    expect(deepest[0]).toMatch(
      new RegExp(`^Nested stacks go deeper than ${MAX_NESTED_STACK_DEPTH} levels: self -> self-Again-[A-Z0-9]{12} -> `),
    );
    expect(deepest[0]?.split(' -> ')).toHaveLength(MAX_NESTED_STACK_DEPTH + 2);
    expect(deepest[0]).toMatch(
      / -> Again \(https:\/\/s3\.us-east-1\.amazonaws\.com\/cfn-artifacts\/templates\/self\.yaml\)$/,
    );
  });

  it('stops a template tree that nests the next level twice at the stack quota, and rolls back', async () => {
    const depth = 5; // 2 + 4 + 8 + 16 + 32 nested stacks: more than the quota allows
    for (let i = 1; i <= depth; i++) {
      const body =
        i === depth
          ? 'Resources:\n  Store:\n    Type: AWS::S3::Bucket\n'
          : `Resources:\n${nesting(['A', 'B'], `templates/level-${i + 1}.yaml`)}`;
      await f.upload(`templates/level-${i}.yaml`, body);
    }
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'doubled',
        TemplateBody: `Resources:\n${nesting(['A', 'B'], 'templates/level-1.yaml')}`,
      }),
    );
    const root = await f.waitForStack('doubled');
    expect(root.StackStatus).toBe('ROLLBACK_COMPLETE');
    const tree = await treeOf(root.StackId ?? '');
    expect(tree.length).toBeLessThan(2 ** (depth + 1));
    expect(await failureReasons(tree)).toContain('Limit for stack has been exceeded');
    expect(tree.filter((s) => s.StackStatus !== 'DELETE_COMPLETE').map((s) => s.StackName)).toEqual(['doubled']);
    // The rollback gave the places back.
    await f.cfn.send(
      new CreateStackCommand({ StackName: 'after', TemplateBody: 'Resources:\n  Store:\n    Type: AWS::S3::Bucket\n' }),
    );
    expect((await f.waitForStack('after')).StackStatus).toBe('CREATE_COMPLETE');
  });

  it('refuses CreateStack and a CREATE change set once the quota is reached, in AWS words', async () => {
    const body = 'Resources:\n  Store:\n    Type: AWS::S3::Bucket\n';
    // CREATE change sets make REVIEW_IN_PROGRESS stacks without deploying anything: a cheap way to fill the quota.
    const live = (await treeOfAll()).filter((s) => s.StackStatus !== 'DELETE_COMPLETE').length;
    for (let i = live; i < STACK_LIMIT; i++) {
      await f.cfn.send(
        new CreateChangeSetCommand({
          StackName: `fill-${i}`,
          ChangeSetName: 'c',
          ChangeSetType: 'CREATE',
          TemplateBody: body,
        }),
      );
    }
    const limit = { name: 'LimitExceededException', status: 400, message: 'Limit for stacks has been exceeded' };
    expect(
      await sdkError(f.cfn.send(new CreateStackCommand({ StackName: 'one-more', TemplateBody: body }))),
    ).toMatchObject(limit);
    expect(
      await sdkError(
        f.cfn.send(
          new CreateChangeSetCommand({
            StackName: 'one-more',
            ChangeSetName: 'c',
            ChangeSetType: 'CREATE',
            TemplateBody: body,
          }),
        ),
      ),
    ).toMatchObject(limit);
  });
});
