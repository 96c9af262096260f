import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  UpdateStackCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig, createStateIdentity } from '../src/index.ts';
import { NODE_HANDLER, PYTHON_HANDLER } from './cloudformation-custom-resource-handlers.ts';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { ROLE } from './lambda-fixtures.ts';

interface Recorded {
  event: Record<string, unknown> & { ResourceProperties: Record<string, unknown> };
}

describe('custom resources run through their ServiceToken function', () => {
  let f: CfnFixture;
  let dir: string;
  let record: string;

  beforeAll(async () => {
    f = await startCfnFixture();
    dir = await mkdtemp(join(tmpdir(), 'toolkit-custom-resource-'));
    record = join(dir, 'requests.jsonl');
  });
  afterAll(async () => {
    await f?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The requests the handlers received so far, oldest first. */
  async function received(): Promise<Recorded[]> {
    const text = await readFile(record, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Recorded);
  }

  function template(thing: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
    const fn = (runtime: string, handler: string, source: string) => ({
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: runtime,
        Handler: handler,
        Role: ROLE,
        // Generous: a loaded machine starts interpreters slowly, and a timed-out handler never answers.
        Timeout: 30,
        Code: { ZipFile: source },
        Environment: { Variables: { RECORD: record } },
      },
    });
    return JSON.stringify({
      Resources: {
        Handler: fn('nodejs20.x', 'index.handler', NODE_HANDLER),
        Thing: { Type: 'Custom::Thing', Properties: { ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] }, ...thing } },
        ...extra,
      },
      Outputs: { Greeting: { Value: { 'Fn::GetAtt': ['Thing', 'Greeting'] } } },
    });
  }

  async function deploy(command: CreateStackCommand | UpdateStackCommand, name: string): Promise<Stack> {
    await f.cfn.send(command);
    return f.waitForStack(name);
  }

  async function physicalIdOf(stack: string, logicalId: string): Promise<string | undefined> {
    const { StackResources } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: stack }));
    return StackResources?.find((resource) => resource.LogicalResourceId === logicalId)?.PhysicalResourceId;
  }

  it('creates with CloudFormation request and reads Data through GetAtt', async () => {
    const stack = await deploy(
      new CreateStackCommand({
        StackName: 'things',
        TemplateBody: template({ Name: 'one', Count: 3, Enabled: true, Nested: { List: [1, false] } }),
      }),
      'things',
    );
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs?.[0]?.OutputValue).toBe('hello one');
    expect(await physicalIdOf('things', 'Thing')).toBe('thing-one');
    const [create] = await received();
    const event = create?.event ?? { ResourceProperties: {} };
    const functionArn = `arn:aws:lambda:${f.cloud.region}:000000000000:function:`;
    expect(event).toMatchObject({
      RequestType: 'Create',
      StackId: stack.StackId,
      LogicalResourceId: 'Thing',
      ResourceType: 'Custom::Thing',
      // Numbers and booleans reach the handler as strings, as CloudFormation sends them.
      ResourceProperties: { Name: 'one', Count: '3', Enabled: 'true', Nested: { List: ['1', 'false'] } },
    });
    expect(String(event.ServiceToken)).toMatch(new RegExp(`^${functionArn}things-Handler-`));
    expect(event.ResourceProperties.ServiceToken).toBe(event.ServiceToken);
    expect(event.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(event.ResponseURL)).toContain(`${f.cloud.endpoint}/cloudformation-custom-resource-response-useast1/`);
    expect(event).not.toHaveProperty('PhysicalResourceId');
    expect(event).not.toHaveProperty('OldResourceProperties');
  });

  it('updates in place with the old properties, and replaces when the handler answers a new id', async () => {
    let stack = await deploy(
      new UpdateStackCommand({ StackName: 'things', TemplateBody: template({ Name: 'one', Count: 4 }) }),
      'things',
    );
    expect(stack.StackStatus).toBe('UPDATE_COMPLETE');
    const update = (await received()).at(-1)?.event;
    expect(update).toMatchObject({
      RequestType: 'Update',
      PhysicalResourceId: 'thing-one',
      ResourceProperties: { Name: 'one', Count: '4' },
      OldResourceProperties: { Name: 'one', Count: '3', Enabled: 'true' },
    });
    expect((await received()).map((r) => r.event.RequestType)).toEqual(['Create', 'Update']);

    stack = await deploy(
      new UpdateStackCommand({ StackName: 'things', TemplateBody: template({ Name: 'two', NewId: true }) }),
      'things',
    );
    expect(stack.StackStatus).toBe('UPDATE_COMPLETE');
    expect(stack.Outputs?.[0]?.OutputValue).toBe('hello two');
    expect(await physicalIdOf('things', 'Thing')).toBe('thing-two');
    const [replace, cleanup] = (await received()).slice(2);
    expect(replace?.event).toMatchObject({ RequestType: 'Update', PhysicalResourceId: 'thing-one' });
    // The old physical resource gets its Delete in the cleanup phase, with its own properties.
    expect(cleanup?.event).toMatchObject({
      RequestType: 'Delete',
      PhysicalResourceId: 'thing-one',
      ResourceProperties: { Name: 'one', Count: '4' },
    });
    const trail = (await f.events('things')).map(
      (e) => `${e.LogicalResourceId} ${e.ResourceStatus} ${e.PhysicalResourceId}`,
    );
    expect(trail.slice(trail.indexOf('things UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 0))).toBeDefined();
    expect(trail).toContain('Thing DELETE_COMPLETE thing-one');
  });

  it('refuses a changed ServiceToken, then deletes through the function', async () => {
    const other = template({ Name: 'two' }).replace(
      '{"Fn::GetAtt":["Handler","Arn"]}',
      '{"Fn::GetAtt":["Other","Arn"]}',
    );
    const withOther = JSON.parse(other) as { Resources: Record<string, unknown> };
    withOther.Resources.Other = withOther.Resources.Handler;
    const stack = await deploy(
      new UpdateStackCommand({ StackName: 'things', TemplateBody: JSON.stringify(withOther) }),
      'things',
    );
    expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const failed = (await f.events('things')).find((e) => e.ResourceStatus === 'UPDATE_FAILED');
    expect(failed?.ResourceStatusReason).toBe('Modifying service token is not allowed.');
    // Neither the refused update nor its rollback reached a handler.
    expect((await received()).length).toBe(4);

    const before = (await received()).length;
    await f.cfn.send(new DeleteStackCommand({ StackName: 'things' }));
    expect((await f.waitForStack(stack.StackId ?? '')).StackStatus).toBe('DELETE_COMPLETE');
    const deletes = (await received()).slice(before);
    expect(deletes.map((r) => [r.event.RequestType, r.event.PhysicalResourceId])).toEqual([['Delete', 'thing-two']]);
  });

  it('fails on a FAILED answer with its reason, and rollback sends Delete for the id it named', async () => {
    const before = (await received()).length;
    const stack = await deploy(
      new CreateStackCommand({ StackName: 'broken', TemplateBody: template({ Name: 'bad', Mode: 'fail' }) }),
      'broken',
    );
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    const failed = (await f.events('broken')).find((e) => e.ResourceStatus === 'CREATE_FAILED');
    const requests = (await received()).slice(before);
    const requestId = String(requests[0]?.event.RequestId);
    expect(failed?.ResourceStatusReason).toBe(
      `Received response status [FAILED] from custom resource. Message returned: the thing is broken (RequestId: ${requestId})`,
    );
    expect(requests.map((r) => [r.event.RequestType, r.event.PhysicalResourceId])).toEqual([
      ['Create', undefined],
      ['Delete', 'thing-bad'],
    ]);
  });

  it('rolls a FAILED update back with an Update carrying the previous properties', async () => {
    await deploy(new CreateStackCommand({ StackName: 'flaky', TemplateBody: template({ Name: 'ok' }) }), 'flaky');
    const before = (await received()).length;
    const stack = await deploy(
      new UpdateStackCommand({ StackName: 'flaky', TemplateBody: template({ Name: 'ok', Mode: 'fail' }) }),
      'flaky',
    );
    expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(stack.Outputs?.[0]?.OutputValue).toBe('hello ok');
    const requests = (await received()).slice(before).map((r) => r.event);
    expect(requests).toMatchObject([
      { RequestType: 'Update', ResourceProperties: { Mode: 'fail' }, OldResourceProperties: { Name: 'ok' } },
      { RequestType: 'Update', ResourceProperties: { Name: 'ok' }, OldResourceProperties: { Mode: 'fail' } },
    ]);
    expect(requests[1]?.ResourceProperties).not.toHaveProperty('Mode');
  });

  it('fails a resource whose function never answers within ServiceTimeout', async () => {
    const stack = await deploy(
      new CreateStackCommand({
        StackName: 'silent',
        TemplateBody: template({ Name: 'quiet', Mode: 'silent', ServiceTimeout: 1 }),
      }),
      'silent',
    );
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    const failed = (await f.events('silent')).find((e) => e.ResourceStatus === 'CREATE_FAILED');
    // The handler may not even have started within the second: the request id is CloudFormation's own.
    expect(failed?.ResourceStatusReason).toMatch(
      /^CloudFormation did not receive a response from your Custom Resource\. Please check your logs for requestId \[[0-9a-f-]{36}\]\. The local cloud waited the ServiceTimeout of 1 seconds\.$/,
    );
  });

  it('runs a Python handler that answers with urllib; a NoEcho answer masks outputs, not GetAtt', async () => {
    const python = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'python3.11',
        Handler: 'index.handler',
        Role: ROLE,
        Timeout: 30,
        Code: { ZipFile: PYTHON_HANDLER },
        Environment: { Variables: { RECORD: record } },
      },
    };
    const body = JSON.parse(template({ Name: 'snake' })) as Record<string, Record<string, unknown>>;
    body.Resources = {
      Py: python,
      Snake: {
        Type: 'AWS::CloudFormation::CustomResource',
        Properties: { ServiceToken: { 'Fn::GetAtt': ['Py', 'Arn'] }, Name: 'snake' },
      },
      Hush: {
        Type: 'Custom::Hush',
        Properties: { ServiceToken: { 'Fn::GetAtt': ['Py', 'Arn'] }, Name: 'hush', Secret: true },
      },
      Echo: {
        Type: 'Custom::Echo',
        Properties: { ServiceToken: { 'Fn::GetAtt': ['Py', 'Arn'] }, Name: { 'Fn::GetAtt': ['Hush', 'Upper'] } },
      },
    };
    body.Outputs = {
      Upper: { Value: { 'Fn::GetAtt': ['Snake', 'Upper'] } },
      Hidden: { Value: { 'Fn::Sub': 'secret ${Hush.Upper}' } },
    };
    const stack = await deploy(new CreateStackCommand({ StackName: 'py', TemplateBody: JSON.stringify(body) }), 'py');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs).toEqual({ Upper: 'SNAKE', Hidden: '*****' });
    expect(await physicalIdOf('py', 'Snake')).toBe('py-snake');
    expect(await physicalIdOf('py', 'Echo')).toBe('py-HUSH');
    expect((await received()).find((r) => r.event.LogicalResourceId === 'Snake')).toMatchObject({
      event: { RequestType: 'Create', ResourceType: 'AWS::CloudFormation::CustomResource' },
    });
  });

  it('invokes the function as the identity that runs the stack operation', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['cloudformation:*', 'lambda:*'], Resource: '*' },
        { Effect: 'Deny', Action: 'lambda:InvokeFunction', Resource: '*' },
      ],
    };
    await createStateIdentity(f.stateDir, f.cloud.accountId, 'no-invoke', JSON.stringify(policy));
    const cfn = new CloudFormationClient({
      ...cloudClientConfig(f.cloud.endpoint, f.cloud.region),
      credentials: f.cloud.credentials('no-invoke'),
    });
    await cfn.send(new CreateStackCommand({ StackName: 'denied', TemplateBody: template({ Name: 'no' }) }));
    cfn.destroy();
    expect((await f.waitForStack('denied')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const failed = (await f.events('denied')).find((e) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed?.ResourceStatusReason).toMatch(
      /^Resource handler returned message: "User: arn:aws:iam::000000000000:user\/no-invoke is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:denied-Handler-\w+ with an explicit deny in an identity-based policy \(Service: Lambda, Status Code: 403, Request ID: [\w-]+\)" \(RequestToken: [\w-]+, HandlerErrorCode: AccessDenied\)$/,
    );
  });

  it('records a custom resource whose ServiceToken is not a function of this cloud as not emulated', async () => {
    const body = JSON.stringify({
      Resources: {
        Remote: {
          Type: 'Custom::Remote',
          Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:elsewhere' },
        },
        Topic: { Type: 'Custom::Topic', Properties: { ServiceToken: 'arn:aws:sns:us-east-1:000000000000:custom' } },
      },
    });
    const stack = await deploy(new CreateStackCommand({ StackName: 'remote', TemplateBody: body }), 'remote');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const { StackResources } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'remote' }));
    const reasons = Object.fromEntries(
      (StackResources ?? []).map((r) => [r.LogicalResourceId, r.ResourceStatusReason]),
    );
    expect(reasons.Remote).toBe(
      'Not emulated by the local cloud: the ServiceToken arn:aws:lambda:us-east-1:123456789012:function:elsewhere is a function of account 123456789012, not of this cloud (us-east-1, 000000000000); recorded without running it',
    );
    expect(reasons.Topic).toMatch(/^Not emulated by the local cloud: the ServiceToken arn:aws:sns:.* is an SNS topic/);
  });

  it('fails a custom resource with a missing or malformed ServiceToken or ServiceTimeout, naming it', async () => {
    const missing = 'arn:aws:lambda:us-east-1:000000000000:function:missing';
    const bad = (properties: Record<string, unknown>) => ({ Type: 'Custom::Bad', Properties: properties });
    const body = JSON.stringify({
      Resources: {
        NoToken: bad({ Name: 'x' }),
        Garbage: bad({ ServiceToken: 'not-an-arn' }),
        Zero: bad({ ServiceToken: missing, ServiceTimeout: 0 }),
        Words: bad({ ServiceToken: missing, ServiceTimeout: 'soon' }),
        Missing: bad({ ServiceToken: missing }),
      },
    });
    const stack = await deploy(
      new CreateStackCommand({ StackName: 'bad', TemplateBody: body, DisableRollback: true }),
      'bad',
    );
    expect(stack.StackStatus).toBe('CREATE_FAILED');
    const { StackResources } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: 'bad' }));
    const reasons = Object.fromEntries(
      (StackResources ?? []).map((r) => [r.LogicalResourceId, r.ResourceStatusReason]),
    );
    const invalid = (id: string, message: string) =>
      `Properties validation failed for resource ${id} with message: ${message}`;
    expect(reasons).toMatchObject({
      NoToken: invalid('NoToken', '#: required key [ServiceToken] not found'),
      Zero: invalid('Zero', '#/ServiceTimeout: 0 is not greater or equal to 1'),
      Words: invalid('Words', '#/ServiceTimeout: expected type: Integer, found: "soon"'),
    });
    expect(reasons.Garbage).toMatch(
      /^Invalid service token: not-an-arn is not the ARN of a Lambda function or an SNS topic \(RequestToken: [\w-]+, HandlerErrorCode: InvalidRequest\)$/,
    );
    expect(reasons.Missing).toMatch(
      /^Resource handler returned message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing \(Service: Lambda, Status Code: 404, Request ID: [\w-]+\)" \(RequestToken: [\w-]+, HandlerErrorCode: NotFound\)$/,
    );
  });

  it('stops waiting for an answer when the cloud closes', async () => {
    const other = await startCfnFixture();
    try {
      const body = template({ Name: 'wait', Mode: 'silent', ServiceTimeout: 3600 });
      await other.cfn.send(new CreateStackCommand({ StackName: 'hang', TemplateBody: body }));
      // A bound on polls, not a timing assertion: the custom resource's request is out once it is in progress.
      for (let attempt = 0; attempt < 2000; attempt++) {
        const { StackResources } = await other.cfn.send(new DescribeStackResourcesCommand({ StackName: 'hang' }));
        const thing = StackResources?.find((resource) => resource.LogicalResourceId === 'Thing');
        if (thing?.ResourceStatus === 'CREATE_IN_PROGRESS') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      // Without the engine's closing check this would wait out the hour-long ServiceTimeout.
      await other.close();
    }
  });
});
