import { DescribeStacksCommand, ExecuteChangeSetCommand, DeleteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { OperationError, silentIoHost, UserInputError, type IoHost } from '@toolkit/core';
import { parseTemplateText } from '@toolkit/template';
import { openAwsSession, type DeployClients } from './aws-session.ts';
import { changeSetParameters, createChangeSet, describeStack, type ChangeSummary } from './change-set.ts';
import { packageTemplate, type PackageTemplateOptions, type PackagedArtifact } from './package-template.ts';
import { existingEventIds, followStack, type DeployEvent } from './stack-events.ts';

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
  changeSet: ChangeSummary[];
  outputs: Record<string, string>;
  warnings: string[];
  artifacts: PackagedArtifact[];
  events: DeployEvent[];
}

const templateBodyLimit = 51_200;

/**
 * Packages (signing as `package` does), creates a change set, shows it, executes it,
 * follows the stack's events and returns its outputs. A failed deploy throws an
 * OperationError carrying the failing resources' reasons.
 */
export async function deployStack(options: DeployStackOptions, io: IoHost = silentIoHost): Promise<DeployStackResult> {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(options.stackName)) {
    throw new UserInputError('InvalidStackName', `--stack-name: "${options.stackName}" must start with a letter and hold only letters, digits and hyphens (at most 128)`);
  }
  const cwd = options.cwd ?? process.cwd();
  const session = await openAwsSession({ ...options, cwd }, io);
  const warningsBefore = session.signatureWarnings?.().length ?? 0;
  try {
    const packaged = await packageTemplate({ ...options, cwd, session }, io);
    const { template } = parseTemplateText(packaged.templateBody, packaged.outputTemplate ?? 'packaged.yaml');
    const declared = Object.keys((template?.Parameters as Record<string, unknown> | undefined) ?? {});
    const unknown = Object.keys(options.parameterOverrides ?? {}).filter((k) => !declared.includes(k));
    if (unknown.length) throw new UserInputError('UnknownParameter', `--parameter-overrides: the template declares no parameter ${unknown.join(', ')}`);

    const { cloudformation } = await session.deployClients();
    const existing = await describeStack(cloudformation, options.stackName);
    if (existing?.StackStatus === 'ROLLBACK_COMPLETE') {
      throw new OperationError('StackNotUpdatable', `Stack ${options.stackName} is in ROLLBACK_COMPLETE and cannot be updated; delete it first (toolkit delete --stack-name ${options.stackName})`);
    }
    const changeSetType = !existing || existing.StackStatus === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
    const body = await templateSource(session, packaged.templateBody, packaged.artifacts[0]?.s3.bucket, options.s3Prefix);
    const changeSet = await createChangeSet(cloudformation, {
      stackName: options.stackName,
      changeSetType,
      ...body,
      parameters: changeSetParameters(options.parameterOverrides ?? {}, existing, declared),
      capabilities: options.capabilities ?? [],
      tags: options.tags ?? {},
    });
    const base = { stackName: options.stackName, stackId: changeSet.stackId, changeSet: changeSet.changes, artifacts: packaged.artifacts, outputs: {}, events: [] };
    const warnings = (): string[] => (session.signatureWarnings?.() ?? []).slice(warningsBefore);

    if (changeSet.empty) {
      if (options.failOnEmptyChangeset ?? true) {
        throw new OperationError('NoChanges', `No changes to deploy. Stack ${options.stackName} is up to date`);
      }
      io.notify({ level: 'info', code: 'NoChanges', message: `No changes to deploy. Stack ${options.stackName} is up to date` });
      return { ...base, status: 'NO_CHANGES', outputs: await stackOutputs(cloudformation, options.stackName), warnings: warnings() };
    }
    for (const change of changeSet.changes) {
      const mark = change.action === 'Add' ? '+' : change.action === 'Remove' ? '-' : '*';
      io.notify({ level: 'info', code: 'Change', message: `${mark} ${change.action.padEnd(7)} ${change.logicalResourceId.padEnd(32)} ${change.resourceType}${change.replacement === 'True' ? ' (replacement)' : ''}` });
    }
    if (options.noExecuteChangeset) return { ...base, status: 'CHANGESET_CREATED', warnings: warnings() };
    if (options.confirmChangeset && !(await options.confirmChangeset(changeSet.changes))) {
      await cloudformation.send(new DeleteChangeSetCommand({ ChangeSetName: changeSet.changeSetId, StackName: options.stackName }));
      return { ...base, status: 'CHANGESET_DECLINED', warnings: warnings() };
    }

    const before = await existingEventIds(cloudformation, options.stackName);
    await cloudformation.send(
      new ExecuteChangeSetCommand({ ChangeSetName: changeSet.changeSetId, StackName: options.stackName, ...(options.disableRollback ? { DisableRollback: true } : {}) }),
    );
    const followed = await followStack(cloudformation, options.stackName, before, io);
    for (const warning of warnings()) io.notify({ level: 'warn', code: 'SignatureValidation', message: warning });
    if (!/^(CREATE|UPDATE)_COMPLETE$/.test(followed.status)) {
      const reasons = followed.events.filter((e) => e.status.endsWith('_FAILED') && e.reason).map((e) => `${e.logicalResourceId}: ${e.reason}`);
      throw new OperationError('DeployFailed', `Stack ${options.stackName} ended in ${followed.status}${reasons.length ? `:\n  ${reasons.join('\n  ')}` : ''}`);
    }
    return { ...base, status: followed.status, outputs: await stackOutputs(cloudformation, options.stackName), events: followed.events, warnings: warnings() };
  } finally {
    await session.close();
  }
}

/** Small templates go inline; large ones via S3, as CloudFormation's 51,200-byte TemplateBody limit requires. */
async function templateSource(session: Awaited<ReturnType<typeof openAwsSession>>, body: string, bucket: string | undefined, prefix: string | undefined) {
  if (Buffer.byteLength(body) <= templateBodyLimit || !bucket) return { templateBody: body };
  const key = `${prefix ? `${prefix}/` : ''}${createHash('sha256').update(body).digest('hex')}.template`;
  await session.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return { templateUrl: `https://s3.${session.region}.amazonaws.com/${bucket}/${key}` };
}

async function stackOutputs(cfn: DeployClients['cloudformation'], stackName: string): Promise<Record<string, string>> {
  const result = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
  return Object.fromEntries((result.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}
