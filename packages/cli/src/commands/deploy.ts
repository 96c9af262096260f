import { createInterface } from 'node:readline/promises';
import { UserInputError } from '@toolkit/core';
import { deployStack } from '../actions/deploy-stack.ts';
import { defineCommand } from '../command.ts';
import { deployOptions, packageOptions, targetOptions, templateOptions } from '../options.ts';
import { renderTable } from '../render/table.ts';
import { parseKeyValueList } from './key-value-list.ts';
import { packageInput } from './package.ts';

export const deployCommand = defineCommand({
  words: ['deploy'],
  describe: 'Package (and sign), then deploy through a CloudFormation change set',
  options: { ...templateOptions, ...packageOptions, ...deployOptions, ...targetOptions },
  async handler(context) {
    const { options, environment, io, json, printResult } = context;
    const stackName = options['stack-name'] as string | undefined;
    if (!stackName) throw new UserInputError('MissingStackName', '--stack-name: required (or stack_name in the config file)');
    const { dryRun: _dryRun, outputTemplateFile: _out, ...input } = packageInput(context);
    const confirm = options['confirm-changeset'] === true;
    const result = await deployStack(
      {
        ...input,
        stackName,
        parameterOverrides: parseKeyValueList(options['parameter-overrides'] as string[] | undefined, '--parameter-overrides'),
        capabilities: (options.capabilities as string[] | undefined) ?? [],
        tags: parseKeyValueList(options.tags as string[] | undefined, '--tags'),
        noExecuteChangeset: options['execute-changeset'] === false,
        failOnEmptyChangeset: options['fail-on-empty-changeset'] !== false,
        disableRollback: options['disable-rollback'] === true,
        ...(confirm
          ? {
              confirmChangeset: async () => {
                if (!environment.isTTY || json) {
                  io.notify({ level: 'warn', code: 'NoTerminal', message: '--confirm-changeset: no terminal to ask; the change set was not executed' });
                  return false;
                }
                const rl = createInterface({ input: process.stdin, output: process.stderr });
                const answer = await rl.question('Deploy this change set? [y/N]: ');
                rl.close();
                return /^y(es)?$/i.test(answer.trim());
              },
            }
          : {}),
      },
      io,
    );
    printResult(
      { stackName: result.stackName, stackId: result.stackId, status: result.status, changeSet: result.changeSet, outputs: result.outputs, warnings: result.warnings },
      () => {
        const outputs = Object.entries(result.outputs);
        const table = outputs.length ? `Outputs\n${renderTable(['key', 'value'], outputs)}` : '';
        return `${result.status === 'NO_CHANGES' ? 'No changes to deploy.' : `Stack ${result.stackName}: ${result.status}`}\n${table}`;
      },
    );
    return result.status === 'CHANGESET_DECLINED' && !environment.isTTY ? 1 : 0;
  },
});
