import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Parameter,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SignerClient } from '@aws-sdk/client-signer';
import { cloudClientConfig } from '../src/index.ts';
import { handlerZip } from './lambda-fixtures.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';

/** A cloud with every plugin, and CloudFormation, Lambda and Signer clients. */
export interface CfnFixture extends CloudFixture {
  cfn: CloudFormationClient;
  lambda: LambdaClient;
  signer: SignerClient;
  /** A versioned bucket holding artifacts for the tests. */
  artifactBucket: string;
  /** Uploads `body` to the artifact bucket; resolves the key and version. */
  upload(key: string, body: Buffer | string): Promise<{ key: string; versionId: string | undefined }>;
  /** Uploads a handler zip whose content differs by `marker`. */
  uploadCode(marker: string): Promise<{ key: string; versionId: string | undefined }>;
  /** Polls DescribeStacks until the stack leaves every *_IN_PROGRESS status (except REVIEW). */
  waitForStack(name: string): Promise<Stack>;
  /** The stack's events, oldest first. */
  events(name: string): Promise<StackEvent[]>;
}

/** Starts a cloud with every plugin and the clients, and makes the versioned artifact bucket. */
export async function startCfnFixture(options: Parameters<typeof startFixture>[0] = {}): Promise<CfnFixture> {
  const fixture = await startFixture(options);
  const config = { ...cloudClientConfig(fixture.cloud.endpoint, fixture.cloud.region), maxAttempts: 1 };
  const cfn = new CloudFormationClient(config);
  const lambda = new LambdaClient(config);
  const signer = new SignerClient(config);
  const artifactBucket = 'cfn-artifacts';
  await fixture.s3.send(new CreateBucketCommand({ Bucket: artifactBucket }));
  await fixture.s3.send(
    new PutBucketVersioningCommand({ Bucket: artifactBucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  const upload = async (key: string, body: Buffer | string) => {
    const put = await fixture.s3.send(new PutObjectCommand({ Bucket: artifactBucket, Key: key, Body: body }));
    return { key, versionId: put.VersionId };
  };
  return {
    ...fixture,
    cfn,
    lambda,
    signer,
    artifactBucket,
    upload,
    uploadCode: (marker) => upload(`code/${marker}.zip`, handlerZip(marker)),
    async waitForStack(name) {
      // A bound on polls, not a timing assertion: a stuck stack fails with its events.
      for (let attempt = 0; ; attempt++) {
        if (attempt > 2000) {
          const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: name }));
          throw new Error(`stack ${name} did not settle: ${JSON.stringify(StackEvents?.slice(0, 5))}`);
        }
        const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
        const stack = Stacks?.[0];
        if (!stack) throw new Error(`no stack ${name}`);
        const status = stack.StackStatus ?? '';
        if (!status.endsWith('_IN_PROGRESS') || status === 'REVIEW_IN_PROGRESS') return stack;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async events(name) {
      const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: name }));
      return [...(StackEvents ?? [])].reverse();
    },
    async close() {
      cfn.destroy();
      lambda.destroy();
      signer.destroy();
      await fixture.close();
    },
  };
}

/** `[status, logicalId]` pairs of events, for compact assertions. */
export function eventTrail(events: readonly StackEvent[]): string[] {
  return events.map((event) => `${event.LogicalResourceId} ${event.ResourceStatus}`);
}

/** Creates the change set `cs` making a new stack (IAM and transforms allowed); resolves it as described. */
export async function createStackChangeSet(
  f: CfnFixture,
  stackName: string,
  template: unknown,
  parameters: Parameter[] = [],
) {
  await f.cfn.send(
    new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: 'cs',
      ChangeSetType: 'CREATE',
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
      Parameters: parameters,
      TemplateBody: typeof template === 'string' ? template : JSON.stringify(template),
    }),
  );
  return f.cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: 'cs' }));
}

/** Creates a new stack through the change set `cs`; resolves the stack and its resources, or throws why not. */
export async function deployNewStack(
  f: CfnFixture,
  stackName: string,
  template: unknown,
  parameters: Parameter[] = [],
) {
  const described = await createStackChangeSet(f, stackName, template, parameters);
  if (described.Status !== 'CREATE_COMPLETE')
    throw new Error(`change set for ${stackName}: ${described.Status} ${described.StatusReason}`);
  await f.cfn.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: 'cs' }));
  const stack = await f.waitForStack(stackName);
  if (stack.StackStatus !== 'CREATE_COMPLETE')
    throw new Error(`stack ${stackName}: ${stack.StackStatus} ${stack.StackStatusReason}`);
  const { StackResources = [] } = await f.cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
  return { stack, resources: StackResources };
}
