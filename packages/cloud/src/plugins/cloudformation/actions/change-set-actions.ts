import { createChangeSet, deleteChangeSet, executeChangeSet, requireChangeSet } from '../change-set-service.ts';
import { requireStack } from '../stack-service.ts';
import { validationError } from '../template-errors.ts';
import type { ActionHandler } from './action-types.ts';
import { deploymentInput } from './deployment-input.ts';
import { changeSetSummaryShape, changeShape, members, parameterShapes } from './wire-shapes.ts';

/** CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, ListChangeSets. */
export const changeSetActions: Record<string, ActionHandler> = {
  async CreateChangeSet(input, engine) {
    const type = input.string('ChangeSetType') ?? 'UPDATE';
    if (type !== 'CREATE' && type !== 'UPDATE') {
      throw validationError(`ChangeSetType ${type} is not supported by the local cloud (CREATE and UPDATE are)`);
    }
    const changeSet = await createChangeSet(engine, {
      ...deploymentInput(input),
      changeSetName: input.required('ChangeSetName'),
      changeSetType: type,
      description: input.string('Description'),
    });
    return { Id: changeSet.changeSetId, StackId: changeSet.stackId };
  },

  DescribeChangeSet(input, engine) {
    const changeSet = requireChangeSet(engine, input.required('ChangeSetName'), input.string('StackName'));
    return {
      ChangeSetName: changeSet.changeSetName,
      ChangeSetId: changeSet.changeSetId,
      StackId: changeSet.stackId,
      StackName: changeSet.stackName,
      Description: changeSet.description,
      Parameters: parameterShapes(changeSet.parameters),
      CreationTime: changeSet.creationTime,
      ExecutionStatus: changeSet.executionStatus,
      Status: changeSet.status,
      StatusReason: changeSet.statusReason,
      NotificationARNs: members(changeSet.notificationArns),
      RollbackConfiguration: {},
      Capabilities: members(changeSet.capabilities),
      Tags: members(changeSet.tags.map((t) => ({ Key: t.Key, Value: t.Value }))),
      Changes: members(changeSet.changes.map(changeShape)),
      IncludeNestedStacks: false,
    };
  },

  ExecuteChangeSet(input, engine) {
    const changeSet = requireChangeSet(engine, input.required('ChangeSetName'), input.string('StackName'));
    executeChangeSet(engine, changeSet, input.boolean('DisableRollback'));
    return {};
  },

  DeleteChangeSet(input, engine) {
    const changeSet = requireChangeSet(engine, input.required('ChangeSetName'), input.string('StackName'));
    deleteChangeSet(engine, changeSet);
    return {};
  },

  ListChangeSets(input, engine) {
    const stack = requireStack(engine, input.required('StackName'));
    return { Summaries: members(engine.store.changeSets(stack.stackId).map(changeSetSummaryShape)) };
  },
};
