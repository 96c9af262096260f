import { createStack, deleteStack, requireStack, updateStack } from '../stack-service.ts';
import type { ActionHandler } from './action-types.ts';
import { deploymentInput } from './deployment-input.ts';
import { members, stackShape, stackSummaryShape } from './wire-shapes.ts';

/** CreateStack, UpdateStack, DeleteStack, DescribeStacks, ListStacks, UpdateTerminationProtection. */
export const stackActions: Record<string, ActionHandler> = {
  async CreateStack(input, engine) {
    const request = deploymentInput(input);
    return { StackId: await createStack(engine, request) };
  },

  async UpdateStack(input, engine) {
    return { StackId: await updateStack(engine, deploymentInput(input)) };
  },

  DeleteStack(input, engine) {
    deleteStack(engine, input.required('StackName'));
    return undefined;
  },

  DescribeStacks(input, engine) {
    const name = input.string('StackName');
    const stacks = name === undefined ? engine.store.list(false, false).reverse() : [requireStack(engine, name, false)];
    return { Stacks: members(stacks.map(stackShape)) };
  },

  ListStacks(input, engine) {
    const filter = input.strings('StackStatusFilter');
    const stacks = engine.store
      .list(true)
      .reverse()
      .filter((stack) => filter.length === 0 || filter.includes(stack.status));
    return { StackSummaries: members(stacks.map(stackSummaryShape)) };
  },

  UpdateTerminationProtection(input, engine) {
    const stack = requireStack(engine, input.required('StackName'));
    stack.enableTerminationProtection = input.boolean('EnableTerminationProtection') ?? false;
    engine.store.save(stack);
    return { StackId: stack.stackId };
  },
};
