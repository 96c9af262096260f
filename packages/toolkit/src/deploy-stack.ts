import { DescribeStacksCommand, ExecuteChangeSetCommand, DeleteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { OperationError, silentIoHost, type IoHost, messages } from '@toolkit/core';
import { openAwsSession, type AwsSession, type DeployClients } from './aws-session.ts';
import { changeSetParameters, createChangeSet, describeStack, type ChangeSummary } from './change-set.ts';
import { checkDeployInputs, checkParameterOverrides, checkUpdatable, templateBodyLimit } from './deploy-inputs.ts';
import { packageTemplate, type PackageTemplateOptions, type PackagedArtifact } from './package-template.ts';
import { uploadedTemplateKey } from './stack-artifacts.ts';
import { notEmulatedResources, type NotEmulatedType } from './not-emulated.ts';
import { localApiUrls, type LocalApiUrls } from './local-api-urls.ts';
import { existingEventIds, firstFailure, followStack, type DeployEvent } from './stack-events.ts';
import { pollPaceOf } from './poll-pace.ts';

/** Where `toolkit local start` serves the local cloud by default. */
const LOCAL_START_ENDPOINT = 'http://127.0.0.1:4566';

/** Input of `deployStack`: `toolkit deploy`'s flags as a typed object. */
export interface DeployStackOptions extends Omit<PackageTemplateOptions, 'dryRun' | 'session'> {
  stackName: string;
  parameterOverrides?: Readonly<Record<string, string>>;
  capabilities?: readonly string[];
  tags?: Readonly<Record<string, string>>;
  /** Create the change set and stop. */
  noExecuteChangeset?: boolean;
  /** Asked before executing; resolve false to leave the change set unexecuted. */
  confirmChangeset?: (changes: readonly ChangeSummary[]) => Promise<boolean>;
  /** "No changes to deploy" is a failure unless this is false (default true, as sam deploy). */
  failOnEmptyChangeset?: boolean;
  disableRollback?: boolean;
}

/** Result of `deployStack`, as `toolkit deploy --json` prints it. */
export interface DeployStackResult {
  stackName: string;
  stackId: string | null;
  /** Final stack status, or `CHANGESET_CREATED` / `NO_CHANGES` / `CHANGESET_DECLINED` when nothing was executed. */
  status: string;
  /** The change set's name and ARN (null when it was empty and deleted). */
  changeSetName: string | null;
  changeSetId: string | null;
  changeSet: ChangeSummary[];
  outputs: Record<string, string>;
  warnings: string[];
  /** Resources the local cloud recorded without running them, by type (empty on AWS). */
  notEmulated: NotEmulatedType[];
  /** On the local target, when the stack has APIs: them and its API outputs at their local addresses. */
  localApis?: LocalApiUrls;
  artifacts: PackagedArtifact[];
  events: DeployEvent[];
}

/**
 * Packages (signing as `package` does), creates a change set, shows it, executes it,
 * follows the stack's events and returns its outputs. A failed deploy throws an
 * OperationError carrying the failing resources' reasons.
 */
export async function deployStack(options: DeployStackOptions, io: IoHost = silentIoHost): Promise<DeployStackResult> {
  checkDeployInputs(options);
  const cwd = options.cwd ?? process.cwd();
  const session = await openAwsSession({ ...options, cwd }, io);
  const warningsBefore = session.signatureWarnings?.().length ?? 0;
  try {
    const packaged = await packageTemplate({ ...options, cwd, session }, io);
    const declared = packaged.parameterNames;
    checkParameterOverrides(options.parameterOverrides ?? {}, declared);

    const { cloudformation } = await session.deployClients();
    const existing = await describeStack(cloudformation, options.stackName);
    checkUpdatable(existing, options.stackName);
    const changeSetType = !existing || existing.StackStatus === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
    const body = await templateSource(
      session,
      packaged.templateBody,
      packaged.artifacts[0]?.s3.bucket,
      options.s3Prefix,
    );
    const changeSet = await createChangeSet(
      cloudformation,
      {
        stackName: options.stackName,
        changeSetType,
        ...body,
        parameters: changeSetParameters(options.parameterOverrides ?? {}, existing, declared),
        capabilities: options.capabilities ?? [],
        tags: options.tags ?? {},
      },
      pollPaceOf(session),
    );
    const base = {
      stackName: options.stackName,
      stackId: changeSet.stackId,
      changeSetName: changeSet.empty ? null : changeSet.changeSetName,
      changeSetId: changeSet.empty ? null : changeSet.changeSetId,
      changeSet: changeSet.changes,
      artifacts: packaged.artifacts,
      outputs: {},
      events: [],
      notEmulated: [],
    };
    const warnings = (): string[] => (session.signatureWarnings?.() ?? []).slice(warningsBefore);

    if (changeSet.empty) {
      if (options.failOnEmptyChangeset ?? true) {
        throw new OperationError(messages.NoChanges, `No changes to deploy. Stack ${options.stackName} is up to date`);
      }
      const outputs = await stackOutputs(cloudformation, options.stackName);
      return {
        ...base,
        status: 'NO_CHANGES',
        outputs,
        ...(await localApisOf(session, await session.deployClients(), options.stackName, outputs)),
        notEmulated: await notEmulatedResources(cloudformation, options.stackName),
        warnings: warnings(),
      };
    }
    for (const change of changeSet.changes) {
      const mark = change.action === 'Add' ? '+' : change.action === 'Remove' ? '-' : '*';
      io.notify(
        messages.Change.msg(
          `${mark} ${change.action.padEnd(7)} ${change.logicalResourceId.padEnd(32)} ${change.resourceType}${change.replacement === 'True' ? ' (replacement)' : ''}`,
          { ...change },
        ),
      );
    }
    if (options.noExecuteChangeset) return { ...base, status: 'CHANGESET_CREATED', warnings: warnings() };
    if (options.confirmChangeset && !(await options.confirmChangeset(changeSet.changes))) {
      await cloudformation.send(
        new DeleteChangeSetCommand({ ChangeSetName: changeSet.changeSetId, StackName: options.stackName }),
      );
      return { ...base, changeSetName: null, changeSetId: null, status: 'CHANGESET_DECLINED', warnings: warnings() };
    }

    const before = await existingEventIds(cloudformation, options.stackName);
    await cloudformation.send(
      new ExecuteChangeSetCommand({
        ChangeSetName: changeSet.changeSetId,
        StackName: options.stackName,
        ...(options.disableRollback ? { DisableRollback: true } : {}),
      }),
    );
    const followed = await followStack(cloudformation, options.stackName, before, io, pollPaceOf(session));
    for (const warning of warnings()) io.notify(messages.SignatureValidation.msg(warning));
    if (!/^(CREATE|UPDATE)_COMPLETE$/.test(followed.status)) throw deployFailed(options.stackName, followed);
    const outputs = await stackOutputs(cloudformation, options.stackName);
    return {
      ...base,
      status: followed.status,
      outputs,
      ...(await localApisOf(session, await session.deployClients(), options.stackName, outputs)),
      notEmulated: await notEmulatedResources(cloudformation, options.stackName),
      events: followed.events,
      warnings: warnings(),
    };
  } finally {
    await session.close();
  }
}

/** The error of a failed deploy: its first failure's reason first (the cause), then every other failed resource's. */
function deployFailed(stackName: string, followed: { status: string; events: DeployEvent[] }): OperationError {
  const cause = firstFailure(followed.events, stackName);
  const others = followed.events.filter(
    (e) => e !== cause && e.status.endsWith('_FAILED') && e.reason && e.logicalResourceId !== stackName,
  );
  const lines = [...(cause ? [cause] : []), ...others].map((e) => `${e.logicalResourceId}: ${e.reason}`);
  return new OperationError(
    messages.DeployFailed,
    `Stack ${stackName} ended in ${followed.status}${lines.length ? `:\n  ${lines.join('\n  ')}` : ''}`,
  );
}

/** Small templates go inline; large ones via S3, as CloudFormation's 51,200-byte TemplateBody limit requires. */
async function templateSource(
  session: Awaited<ReturnType<typeof openAwsSession>>,
  body: string,
  bucket: string | undefined,
  prefix: string | undefined,
) {
  if (Buffer.byteLength(body) <= templateBodyLimit || !bucket) return { templateBody: body };
  const key = uploadedTemplateKey(body, prefix);
  await session.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return { templateUrl: `https://s3.${session.region}.amazonaws.com/${bucket}/${key}` };
}

/** On the local target, the stack's APIs at their local addresses; nothing on AWS. */
async function localApisOf(
  session: AwsSession,
  clients: DeployClients,
  stackName: string,
  outputs: Readonly<Record<string, string>>,
): Promise<{ localApis?: LocalApiUrls }> {
  if (session.target !== 'local') return {};
  // The run's own cloud stops with it: the APIs answer where `toolkit local start` serves them.
  const local = await localApiUrls(clients, stackName, outputs, session.servedEndpoint ?? LOCAL_START_ENDPOINT);
  return local.apis.length > 0 || local.functionUrls.length > 0 ? { localApis: local } : {};
}

async function stackOutputs(cfn: DeployClients['cloudformation'], stackName: string): Promise<Record<string, string>> {
  const result = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
  return Object.fromEntries((result.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}
