import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { cloudClientConfig, startCloud } from '../src/index.ts';
import { INTERRUPTED_REASON, defaultProviders, parseTemplateUrl } from '../src/plugins/cloudformation/index.ts';
import { planChanges } from '../src/plugins/cloudformation/change-set-planner.ts';
import { buildGraph, findCycle, runGraph } from '../src/plugins/cloudformation/dependency-graph.ts';
import { generatePhysicalName } from '../src/plugins/cloudformation/ids.ts';
import type { ResourceRecord, StackRecord } from '../src/plugins/cloudformation/model.ts';
import { OperationContext, type OperationDeps } from '../src/plugins/cloudformation/operation-context.ts';
import { StackEvents } from '../src/plugins/cloudformation/stack-events.ts';
import { migrateCloudFormation, StackStore } from '../src/plugins/cloudformation/stack-store.ts';
import { stateLayout } from '../src/state/state-dir.ts';

const pseudo = {
  region: 'us-east-1',
  accountId: '000000000000',
  stackName: 'st',
  stackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/st/x',
};

function deployed(
  logicalId: string,
  type: string,
  physicalId: string,
  properties: Record<string, unknown>,
  attributes: Record<string, unknown> = {},
): ResourceRecord {
  return {
    logicalId,
    type,
    physicalId,
    status: 'CREATE_COMPLETE',
    timestamp: '2024-01-01T00:00:00.000Z',
    properties,
    attributes,
  };
}

describe('CloudFormation engine parts', () => {
  it('generates physical names within each type limit, keeping the random suffix whole', () => {
    const long = 'a-very-long-stack-name-that-goes-on-and-on-and-on';
    const name = generatePhysicalName(long, 'AnEvenLongerLogicalIdentifierForAFunction', { maxLength: 64 });
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/-[A-Z0-9]{12}$/);
    const bucket = generatePhysicalName('MyStack', 'Bucket', { maxLength: 63, lowercase: true });
    expect(bucket).toMatch(/^mystack-bucket-[a-z0-9]{12}$/);
  });

  it('reads every TemplateURL form', () => {
    expect(parseTemplateUrl('https://s3.eu-west-1.amazonaws.com/b/dir/t.yaml')).toEqual({
      bucket: 'b',
      key: 'dir/t.yaml',
      versionId: undefined,
    });
    expect(parseTemplateUrl('https://s3.amazonaws.com/b/t.json?versionId=v1')).toEqual({
      bucket: 'b',
      key: 't.json',
      versionId: 'v1',
    });
    expect(parseTemplateUrl('https://my.bucket.s3.amazonaws.com/k%20x.yaml')).toEqual({
      bucket: 'my.bucket',
      key: 'k x.yaml',
      versionId: undefined,
    });
    expect(parseTemplateUrl('https://b.s3.us-west-2.amazonaws.com/k')).toMatchObject({ bucket: 'b', key: 'k' });
    expect(parseTemplateUrl('http://127.0.0.1:4566/b/k.yaml')).toMatchObject({ bucket: 'b', key: 'k.yaml' });
    expect(() => parseTemplateUrl('https://example.com/b/k')).toThrow('TemplateURL must be a supported URL.');
  });

  it('plans a dependent of a replaced resource as a Conditional, dynamic change', () => {
    const template = {
      Resources: {
        Layer: { Type: 'AWS::Lambda::LayerVersion', Properties: { Content: { S3Bucket: 'b', S3Key: 'layer-v2.zip' } } },
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: { Layers: [{ Ref: 'Layer' }], Role: 'r', Code: { S3Bucket: 'b', S3Key: 'fn.zip' } },
        },
        Other: { Type: 'AWS::S3::Bucket' },
      },
    };
    const layerArn = 'arn:aws:lambda:us-east-1:000000000000:layer:l:1';
    const changes = planChanges({
      template,
      parameters: [],
      pseudo,
      providers: defaultProviders(),
      importValue: () => undefined,
      deployed: {
        Layer: deployed(
          'Layer',
          'AWS::Lambda::LayerVersion',
          layerArn,
          { Content: { S3Bucket: 'b', S3Key: 'layer-v1.zip' } },
          { LayerVersionArn: layerArn },
        ),
        Fn: deployed(
          'Fn',
          'AWS::Lambda::Function',
          'st-Fn-X',
          { Layers: [layerArn], Role: 'r', Code: { S3Bucket: 'b', S3Key: 'fn.zip' } },
          { Arn: 'arn' },
        ),
        Other: deployed('Other', 'AWS::S3::Bucket', 'st-other-x', {}),
      },
    });
    expect(changes).toEqual([
      expect.objectContaining({ action: 'Modify', logicalResourceId: 'Layer', replacement: 'True' }),
      {
        action: 'Modify',
        logicalResourceId: 'Fn',
        physicalResourceId: 'st-Fn-X',
        resourceType: 'AWS::Lambda::Function',
        replacement: 'False',
        scope: ['Properties'],
        details: [
          {
            target: { attribute: 'Properties', name: 'Layers', requiresRecreation: 'Never' },
            evaluation: 'Dynamic',
            changeSource: 'ResourceReference',
            causingEntity: 'Layer',
          },
        ],
      },
    ]);
  });

  it('runs a graph in dependency order, stops starting work after a failure, and finds cycles', async () => {
    const graph = buildGraph({ A: [], B: ['A'], C: ['A'], D: ['B', 'C'] });
    const order: string[] = [];
    const result = await runGraph(graph, 2, async (node) => {
      order.push(node);
      return node !== 'B';
    });
    expect(order.slice(0, 1)).toEqual(['A']);
    expect(result.failed).toEqual(['B']);
    expect(result.notStarted).toEqual(['D']);
    expect(findCycle(buildGraph({ A: ['B'], B: ['A'], C: [] }))).toEqual(['A', 'B']);
  });

  it('records a resource event in that resource alone: the stack document of 400 resources is not rewritten', () => {
    const db = new Database(':memory:');
    migrateCloudFormation(db);
    const store = new StackStore(db);
    const resources = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`R${i}`, deployed(`R${i}`, 'AWS::SNS::Topic', `arn:t${i}`, {})]),
    );
    const stack = stackRecord({ stackId: pseudo.stackId, stackName: 'st', status: 'UPDATE_IN_PROGRESS', resources });
    store.save(stack);
    const stackDoc = () => (db.prepare('SELECT doc FROM cfn_stacks').get() as { doc: string }).doc;
    const before = stackDoc();
    // Count the rows each table gets written from here on.
    db.exec(`
      CREATE TEMP TABLE writes (target TEXT);
      CREATE TEMP TRIGGER stack_updates AFTER UPDATE ON cfn_stacks BEGIN INSERT INTO writes VALUES ('stack'); END;
      CREATE TEMP TRIGGER resource_inserts AFTER INSERT ON cfn_stack_resources BEGIN INSERT INTO writes VALUES ('resource'); END;
      CREATE TEMP TRIGGER resource_updates AFTER UPDATE ON cfn_stack_resources BEGIN INSERT INTO writes VALUES ('resource'); END;
    `);
    const writes = () => db.prepare('SELECT target, COUNT(*) AS n FROM writes GROUP BY target').all();
    const deps = storeOnlyDeps(store);
    new OperationContext(deps, stack).setResource('R7', 'AWS::SNS::Topic', 'UPDATE_COMPLETE');
    expect(stackDoc()).toBe(before);
    expect(writes()).toEqual([{ target: 'resource', n: 1 }]);
    expect(store.find('st')?.resources.R7).toMatchObject({ status: 'UPDATE_COMPLETE', physicalId: 'arn:t7' });
    expect(Object.keys(store.find('st')?.resources ?? {})).toHaveLength(400);
    db.close();
  });

  it("writes a stack status without the stack's templates, and reads them only when used", () => {
    const db = new Database(':memory:');
    migrateCloudFormation(db);
    const store = new StackStore(db);
    const resources = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`R${i}`, { Type: 'AWS::SNS::Topic', Properties: { TopicName: `t${i}` } }]),
    );
    const processedTemplate = { Resources: resources };
    const templateBody = JSON.stringify(processedTemplate);
    store.save(
      stackRecord({
        stackId: pseudo.stackId,
        stackName: 'st',
        status: 'UPDATE_IN_PROGRESS',
        templateBody,
        processedTemplate,
      }),
    );
    db.exec(`
      CREATE TEMP TABLE writes (target TEXT);
      CREATE TEMP TRIGGER template_writes AFTER INSERT ON cfn_stack_templates BEGIN INSERT INTO writes VALUES ('template'); END;
    `);
    const stackDoc = () => (db.prepare('SELECT doc FROM cfn_stacks').get() as { doc: string }).doc;
    const templateWrites = () => (db.prepare('SELECT COUNT(*) AS n FROM writes').get() as { n: number }).n;
    const deps = storeOnlyDeps(store);
    const stack = store.find('st', false)!;
    new OperationContext(deps, stack).setStackStatus('UPDATE_COMPLETE');
    // The status write costs the same whatever the template's size: the document holds no template.
    expect(stackDoc()).not.toContain('TopicName');
    expect(stackDoc().length).toBeLessThan(1_000);
    expect(templateWrites()).toBe(0);
    const read = store.find('st')!;
    expect(read.status).toBe('UPDATE_COMPLETE');
    expect(read.templateBody).toBe(templateBody);
    expect(read.processedTemplate).toEqual(processedTemplate);
    new OperationContext(deps, read).setStackStatus('UPDATE_COMPLETE');
    expect(templateWrites()).toBe(0);
    // A new template is written once, and read back.
    read.processedTemplate = { Resources: { A: { Type: 'AWS::SNS::Topic' } } };
    read.templateBody = JSON.stringify(read.processedTemplate);
    new OperationContext(deps, read).setStackStatus('UPDATE_IN_PROGRESS');
    new OperationContext(deps, read).setStackStatus('UPDATE_COMPLETE');
    expect(templateWrites()).toBe(1);
    expect(store.find('st', false)!.processedTemplate).toEqual({ Resources: { A: { Type: 'AWS::SNS::Topic' } } });
    db.close();
  });

  it('marks a stack left in progress by a stopped cloud as failed on the next start', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'toolkit-cfn-restart-'));
    try {
      const first = await startCloud({ stateDir });
      await first.close();
      const db = new Database(stateLayout(stateDir).db);
      const stackId =
        'arn:aws:cloudformation:us-east-1:000000000000:stack/interrupted/00000000-0000-4000-8000-000000000000';
      new StackStore(db).save(
        stackRecord({
          stackId,
          stackName: 'interrupted',
          status: 'CREATE_IN_PROGRESS',
          resources: { Store: { ...deployed('Store', 'AWS::S3::Bucket', 'x', {}), status: 'CREATE_IN_PROGRESS' } },
        }),
      );
      db.close();
      const second = await startCloud({ stateDir });
      const cfn = new CloudFormationClient(cloudClientConfig(second.endpoint, second.region));
      try {
        const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'interrupted' }))).Stacks?.[0];
        expect(stack).toMatchObject({ StackStatus: 'CREATE_FAILED', StackStatusReason: INTERRUPTED_REASON });
        const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'interrupted' }))).StackEvents ?? [];
        expect(events.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`)).toEqual([
          'interrupted CREATE_FAILED',
          'Store CREATE_FAILED',
        ]);
      } finally {
        cfn.destroy();
        await second.close();
      }
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});

/** A stack record with empty defaults for what a test does not set. */
function stackRecord(
  fields: Pick<StackRecord, 'stackId' | 'stackName' | 'status'> & Partial<StackRecord>,
): StackRecord {
  return {
    creationTime: '2024-01-01T00:00:00.000Z',
    parameters: [],
    capabilities: [],
    tags: [],
    notificationArns: [],
    disableRollback: false,
    enableTerminationProtection: false,
    outputs: [],
    templateBody: '{}',
    processedTemplate: {},
    resources: {},
    ...fields,
  };
}

/** What an operation context needs to record state in `store` (no providers: nothing is deployed). */
function storeOnlyDeps(store: StackStore): OperationDeps {
  const now = () => new Date('2024-01-02T00:00:00.000Z');
  return { store, events: new StackEvents(store, now), now, abandoned: () => false } as unknown as OperationDeps;
}
