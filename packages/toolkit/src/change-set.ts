import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  type Change,
  type CloudFormationClient,
  type Parameter,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { OperationError, messages, type ChangePayload } from '@toolkit/core';
import { AWS_POLL_PACE, pausePoll, type PollPace } from './poll-pace.ts';

/** One row of a change set, as deploy shows it (+ Add / * Modify / - Remove): the payload of Change notices. */
export type ChangeSummary = ChangePayload;

/** The stack as it stands, or undefined when it does not exist (or only holds a change set under review). */
export async function describeStack(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const result = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return result.Stacks?.[0];
  } catch (error) {
    if ((error as Error).message?.includes('does not exist')) return undefined;
    throw error;
  }
}

/** Parameters for an update: overrides win, every other existing parameter keeps its previous value (as `aws cloudformation deploy`). */
export function changeSetParameters(
  overrides: Readonly<Record<string, string>>,
  existing: Stack | undefined,
  templateParameters: readonly string[],
): Parameter[] {
  const parameters: Parameter[] = Object.entries(overrides).map(([ParameterKey, ParameterValue]) => ({
    ParameterKey,
    ParameterValue,
  }));
  for (const previous of existing?.Parameters ?? []) {
    const key = previous.ParameterKey;
    if (key && !(key in overrides) && templateParameters.includes(key))
      parameters.push({ ParameterKey: key, UsePreviousValue: true });
  }
  return parameters;
}

/** Creates a change set and waits until it is ready; `empty` when CloudFormation found nothing to change. */
export async function createChangeSet(
  cfn: CloudFormationClient,
  input: {
    stackName: string;
    /** Default `toolkit-<ms since epoch>`; a caller that must clean up after a failure names it. */
    changeSetName?: string;
    changeSetType: 'CREATE' | 'UPDATE';
    templateBody?: string;
    templateUrl?: string;
    parameters: Parameter[];
    capabilities: readonly string[];
    tags: Readonly<Record<string, string>>;
  },
  pace: PollPace = AWS_POLL_PACE,
): Promise<{ changeSetName: string; changeSetId: string; stackId: string; changes: ChangeSummary[]; empty: boolean }> {
  const changeSetName = input.changeSetName ?? `toolkit-${Date.now()}`;
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: input.stackName,
      ChangeSetName: changeSetName,
      ChangeSetType: input.changeSetType,
      ...(input.templateUrl ? { TemplateURL: input.templateUrl } : { TemplateBody: input.templateBody }),
      Parameters: input.parameters,
      Capabilities: [...input.capabilities] as never,
      Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
      Description: 'Created by toolkit deploy',
    }),
  );
  const changeSetId = created.Id!;
  let delay = pace.firstMs;
  for (;;) {
    const described = await cfn.send(
      new DescribeChangeSetCommand({ ChangeSetName: changeSetId, StackName: input.stackName }),
    );
    if (described.Status === 'CREATE_COMPLETE') {
      return {
        changeSetName,
        changeSetId,
        stackId: created.StackId!,
        changes: await allChanges(cfn, changeSetId, input.stackName, described.Changes, described.NextToken),
        empty: false,
      };
    }
    if (described.Status === 'FAILED') {
      const reason = described.StatusReason ?? '';
      if (/didn't contain changes|No updates are to be performed/i.test(reason)) {
        await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: changeSetId, StackName: input.stackName }));
        return { changeSetName, changeSetId, stackId: created.StackId!, changes: [], empty: true };
      }
      throw new OperationError(messages.ChangeSetFailed, `Change set for ${input.stackName} failed: ${reason}`);
    }
    delay = await pausePoll(delay, pace);
  }
}

async function allChanges(
  cfn: CloudFormationClient,
  id: string,
  stackName: string,
  first: Change[] | undefined,
  token: string | undefined,
): Promise<ChangeSummary[]> {
  const changes = [...(first ?? [])];
  while (token) {
    const page = await cfn.send(
      new DescribeChangeSetCommand({ ChangeSetName: id, StackName: stackName, NextToken: token }),
    );
    changes.push(...(page.Changes ?? []));
    token = page.NextToken;
  }
  return changes.map((c) => ({
    action: (c.ResourceChange?.Action ?? 'Modify') as ChangeSummary['action'],
    logicalResourceId: c.ResourceChange?.LogicalResourceId ?? '',
    resourceType: c.ResourceChange?.ResourceType ?? '',
    replacement: c.ResourceChange?.Replacement ?? null,
  }));
}
