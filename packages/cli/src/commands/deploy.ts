import { UserInputError, messages } from '@toolkit/core';
import type { DeployPlanResult, DeployStackOptions, DeployStackResult } from '@toolkit/toolkit';
import { defineCommand, type CommandContext } from '../command.ts';
import { deployOptions, packageOptions, targetOptions, templateOptions } from '../options.ts';
import { askYesNo } from '../render/ask-yes-no.ts';
import { renderTable } from '../render/table.ts';
import { parseKeyValueList } from './key-value-list.ts';
import { packageInput, renderPlan } from './package.ts';

export const deployCommand = defineCommand({
  words: ['deploy'],
  describe: 'Package (and sign), then deploy through a CloudFormation change set',
  options: {
    ...templateOptions,
    ...packageOptions,
    ...deployOptions,
    ...targetOptions,
    'dry-run': {
      type: 'boolean',
      describe:
        'Print the package plan and the change set the deploy would create, then delete that change set (and the stack under review, if the stack did not exist): ' +
        'nothing is built, uploaded, signed, written or executed. Code locations in that change set are stand-ins, so existing functions and layers show as Modify',
      default: false,
    },
  },
  async handler(context) {
    const { deployStack, notEmulatedLine, planDeploy } = await import('@toolkit/toolkit');
    const { options, environment, io, json, printResult } = context;
    const stackName = options['stack-name'];
    if (!stackName)
      throw new UserInputError(messages.MissingStackName, '--stack-name: required (or stack_name in the config file)');
    const { dryRun, ...input } = packageInput(context);
    const confirm = options['confirm-changeset'] === true;
    const deployInput: DeployStackOptions = {
      ...input,
      stackName,
      parameterOverrides: parseKeyValueList(options['parameter-overrides'], '--parameter-overrides'),
      capabilities: options.capabilities ?? [],
      tags: parseKeyValueList(options.tags, '--tags'),
      noExecuteChangeset: options['execute-changeset'] === false,
      failOnEmptyChangeset: options['fail-on-empty-changeset'] !== false,
      disableRollback: options['disable-rollback'] === true,
      ...(confirm
        ? {
            confirmChangeset: async () => {
              const stdin = environment.stdin;
              if (!environment.isTTY || json || !stdin) {
                io.notify(
                  messages.NoTerminal.msg('--confirm-changeset: no terminal to ask; the change set was not executed'),
                );
                return false;
              }
              return askYesNo('Deploy this change set?', stdin, environment.stderr);
            },
          }
        : {}),
    };
    if (dryRun) {
      const { outputTemplateFile: _notWritten, ...planInput } = deployInput;
      const plan = await planDeploy(planInput, io);
      printResult(plan, () => renderDeployPlan(plan, context));
      return 0;
    }
    const result = await deployStack(deployInput, io);
    printResult(
      {
        stackName: result.stackName,
        stackId: result.stackId,
        status: result.status,
        changeSetName: result.changeSetName,
        changeSetId: result.changeSetId,
        changeSet: result.changeSet,
        outputs: result.outputs,
        warnings: result.warnings,
        notEmulated: result.notEmulated,
        ...(result.localApis ? { localApis: result.localApis } : {}),
      },
      () => {
        const line = notEmulatedLine(result.notEmulated);
        return renderDeployResult(result, context, deployInput, line ? `${line}\n` : '');
      },
    );
    return result.status === 'CHANGESET_DECLINED' && !environment.isTTY ? 1 : 0;
  },
});

/** `notEmulated`: the line naming resources the local cloud does not emulate, or nothing. */
function renderDeployResult(
  result: DeployStackResult,
  context: CommandContext,
  input: DeployStackOptions,
  notEmulated: string,
): string {
  if (result.status === 'NO_CHANGES')
    return `No changes to deploy. Stack ${result.stackName} is up to date.\n${notEmulated}${outputsTable(result, context)}`;
  if (result.status === 'CHANGESET_CREATED') {
    // The embedded cloud stops with this command, so executing later needs `toolkit local start` and its endpoint.
    const endpoint = input.endpointUrl
      ? ` --endpoint-url ${input.endpointUrl}`
      : input.target !== 'aws'
        ? ' --endpoint-url <toolkit local start endpoint>'
        : '';
    const region = input.region ? ` --region ${input.region}` : '';
    return (
      `Change set ${result.changeSetName} created for stack ${result.stackName}; it was not executed.\n` +
      `  ${result.changeSetId}\n` +
      `Execute it with:\n` +
      `  aws cloudformation execute-change-set --change-set-name ${result.changeSetId}${region}${endpoint}\n`
    );
  }
  return `Stack ${result.stackName}: ${result.status}\n${notEmulated}${outputsTable(result, context)}`;
}

function outputsTable(result: DeployStackResult, context: CommandContext): string {
  const outputs = Object.entries(result.outputs);
  const table = outputs.length ? `Outputs\n${renderTable(['key', 'value'], outputs, context.environment.columns)}` : '';
  return table + localApisTable(result, context);
}

/** The stack's APIs, function URLs and their outputs at their local addresses, where `toolkit local start` serves them. */
function localApisTable(result: DeployStackResult, context: CommandContext): string {
  const local = result.localApis;
  if (!local || (local.apis.length === 0 && local.functionUrls.length === 0)) return '';
  const rows = [
    ...Object.entries(local.outputs),
    ...local.apis.flatMap((api) =>
      Object.entries(api.stages).map(([stage, url]): [string, string] => [`${api.logicalResourceId} (${stage})`, url]),
    ),
    ...local.functionUrls.map((url): [string, string] => [url.logicalResourceId, url.localUrl]),
  ];
  return `Local API URLs (served by toolkit local start)\n${renderTable(['name', 'url'], rows, context.environment.columns)}`;
}

function renderDeployPlan(plan: DeployPlanResult, context: CommandContext): string {
  const packaging = renderPlan(plan.plan, context.environment.cwd, context.environment.columns);
  const changes = plan.changeSet
    ? `Change set for stack ${plan.stackName}:\n${
        plan.changeSet.length
          ? renderTable(
              ['action', 'logical id', 'type', 'replacement'],
              plan.changeSet.map((c) => [c.action, c.logicalResourceId, c.resourceType, c.replacement ?? '-']),
              context.environment.columns,
            )
          : 'No changes to deploy.\n'
      }`
    : '';
  return `${packaging}${changes}${plan.note}\n`;
}
