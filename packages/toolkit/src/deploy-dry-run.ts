import { extname } from 'node:path';
import {
  DeleteChangeSetCommand,
  DeleteStackCommand,
  type CloudFormationClient,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { silentIoHost, ToolkitError, type IoHost } from '@toolkit/core';
import { INCLUDE_TRANSFORM, rewriteArtifact, serializeTemplate, toPlainTemplate } from '@toolkit/template';
import { openAwsSession, type AwsSession } from './aws-session.ts';
import { changeSetParameters, createChangeSet, describeStack, type ChangeSummary } from './change-set.ts';
import { checkDeployInputs, checkParameterOverrides, checkUpdatable, templateBodyLimit } from './deploy-inputs.ts';
import type { DeployStackOptions } from './deploy-stack.ts';
import { loadArtifactPlan, resolveTemplateFile } from './load-artifact-plan.ts';
import { packageTemplate } from './package-template.ts';
import { isCodeEntry, type PackagePlanEntry } from './package-plan.ts';
import { existingEventIds, followStack } from './stack-events.ts';
import { pollPaceOf, type PollPace } from './poll-pace.ts';

/** Result of `planDeploy`, as `toolkit deploy --dry-run --json` prints it. */
export interface DeployPlanResult {
  dryRun: true;
  stackName: string;
  /** What packaging would build, upload and sign. */
  plan: PackagePlanEntry[];
  /** The change set CloudFormation computed (then deleted), or null when none was created. */
  changeSet: ChangeSummary[] | null;
  /** Why no change set was created, or what to keep in mind reading it. */
  note: string;
}

/** Bucket and key prefix the stand-in artifact locations use when no --s3-bucket is given. */
const placeholderBucket = 'toolkit-dry-run-placeholder';

/**
 * `deploy --dry-run`: the package plan plus, when the target answers, the change
 * set the deploy would create — created, read, then deleted again (with the stack
 * under review it created, if the stack did not exist). Nothing is built, uploaded
 * or signed: code locations in the change set's template are stand-ins, so every
 * function and layer shows as Modify on an existing stack.
 */
export async function planDeploy(options: DeployStackOptions, io: IoHost = silentIoHost): Promise<DeployPlanResult> {
  checkDeployInputs(options);
  const cwd = options.cwd ?? process.cwd();
  const packaged = await packageTemplate({ ...options, cwd, dryRun: true }, io);
  const base = { dryRun: true as const, stackName: options.stackName, plan: packaged.plan };
  const loaded = await loadArtifactPlan(resolveTemplateFile(cwd, options.templateFile), silentIoHost);
  if (loaded.artifacts.some((a) => a.source.kind === 'template')) {
    return {
      ...base,
      changeSet: null,
      note: 'No change set was created: nested templates are uploaded before their change set can be made, and a dry run uploads nothing.',
    };
  }
  if (loaded.artifacts.some((a) => a.resourceType === INCLUDE_TRANSFORM)) {
    return {
      ...base,
      changeSet: null,
      note: 'No change set was created: CloudFormation reads the files AWS::Include names from S3 while making the change set, and a dry run uploads nothing.',
    };
  }
  for (const artifact of loaded.artifacts) {
    const kind = artifact.source.kind;
    if (kind !== 'directory' && kind !== 'zip-file' && kind !== 'file') continue;
    rewriteArtifact(loaded.root, artifact, {
      bucket: options.s3Bucket ?? placeholderBucket,
      key: `dry-run/${artifact.id}${kind === 'file' ? extname(artifact.source.path) : '.zip'}`,
    });
  }
  const templateBody = serializeTemplate(loaded.root);
  if (Buffer.byteLength(templateBody) > templateBodyLimit) {
    return {
      ...base,
      changeSet: null,
      note: 'No change set was created: the template is over 51,200 bytes and is uploaded to S3 first, and a dry run uploads nothing.',
    };
  }
  const declared = Object.keys((toPlainTemplate(loaded.root).Parameters as Record<string, unknown> | undefined) ?? {});
  checkParameterOverrides(options.parameterOverrides ?? {}, declared);

  const unreachable = (error: unknown) => ({
    ...base,
    changeSet: null,
    note: `No change set was created: the target could not be reached (${(error as Error).message}).`,
  });
  let session: AwsSession;
  try {
    session = await openAwsSession({ ...options, cwd });
  } catch (error) {
    if (error instanceof ToolkitError && error.source === 'user') throw error;
    return unreachable(error);
  }
  try {
    let cloudformation: CloudFormationClient;
    let existing: Stack | undefined;
    try {
      ({ cloudformation } = await session.deployClients());
      existing = await describeStack(cloudformation, options.stackName);
    } catch (error) {
      return unreachable(error);
    }
    checkUpdatable(existing, options.stackName);
    const changeSetName = `toolkit-dry-run-${Date.now()}`;
    try {
      const changeSet = await createChangeSet(
        cloudformation,
        {
          stackName: options.stackName,
          changeSetName,
          changeSetType: !existing || existing.StackStatus === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE',
          templateBody,
          parameters: changeSetParameters(options.parameterOverrides ?? {}, existing, declared),
          capabilities: options.capabilities ?? [],
          tags: options.tags ?? {},
        },
        pollPaceOf(session),
      );
      const codeNote =
        packaged.plan.some(isCodeEntry) && existing
          ? ' Functions and layers show as Modify: their code was not built, so it was not compared.'
          : '';
      return {
        ...base,
        changeSet: changeSet.changes,
        note: `The change set was created to show these changes, then deleted; nothing was executed.${codeNote}`,
      };
    } finally {
      await removeDryRunTraces(
        cloudformation,
        options.stackName,
        changeSetName,
        existing === undefined,
        pollPaceOf(session),
      );
    }
  } finally {
    await session.close();
  }
}

/** Deletes the dry run's change set; when the stack did not exist before, the stack under review it left too. */
async function removeDryRunTraces(
  cfn: CloudFormationClient,
  stackName: string,
  changeSetName: string,
  createdStack: boolean,
  pace: PollPace,
): Promise<void> {
  if (createdStack) {
    const stack = await describeStack(cfn, stackName);
    if (!stack?.StackId) return;
    const before = await existingEventIds(cfn, stack.StackId);
    await cfn.send(new DeleteStackCommand({ StackName: stack.StackId }));
    await followStack(cfn, stack.StackId, before, silentIoHost, pace);
    return;
  }
  try {
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: changeSetName, StackName: stackName }));
  } catch (error) {
    // An empty change set was already deleted by createChangeSet.
    if ((error as Error).name !== 'ChangeSetNotFoundException') throw error;
  }
}
