import { UserInputError } from '@toolkit/core';
import { deleteStack } from '../actions/delete-stack.ts';
import { defineCommand } from '../command.ts';
import { targetOptions } from '../options.ts';
import { targetFromOptions } from './target-from-options.ts';

export const deleteCommand = defineCommand({
  words: ['delete'],
  describe: 'Delete a stack and wait until it is gone',
  options: { 'stack-name': { type: 'string', describe: 'Stack to delete' }, ...targetOptions },
  async handler(context) {
    const stackName = context.options['stack-name'] as string | undefined;
    if (!stackName) throw new UserInputError('MissingStackName', '--stack-name: required');
    const result = await deleteStack({ ...targetFromOptions(context), stackName }, context.io);
    context.printResult(result, () => `Stack ${result.stackName}: ${result.status}\n`);
    return 0;
  },
});
