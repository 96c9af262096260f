import { ServiceError } from '../../../service-error.ts';
import { requireStack } from '../stack-service.ts';
import { importersOf, listExports } from '../stack-exports.ts';
import { validationError } from '../template-errors.ts';
import type { ActionHandler } from './action-types.ts';
import {
  eventShape,
  members,
  stackResourceDetailShape,
  stackResourceShape,
  stackResourceSummaryShape,
} from './wire-shapes.ts';

/** DescribeStackEvents, DescribeStackResource(s), ListStackResources, ListExports, ListImports. */
export const resourceActions: Record<string, ActionHandler> = {
  DescribeStackEvents(input, engine) {
    const stack = requireStack(engine, input.required('StackName'));
    return { StackEvents: members(engine.store.events(stack.stackId).map(eventShape)) };
  },

  DescribeStackResource(input, engine) {
    const stack = requireStack(engine, input.required('StackName'));
    const logicalId = input.required('LogicalResourceId');
    const resource = stack.resources[logicalId];
    if (!resource) throw validationError(`Resource ${logicalId} does not exist for stack ${stack.stackName}`);
    return { StackResourceDetail: stackResourceDetailShape(stack, resource) };
  },

  DescribeStackResources(input, engine) {
    const name = input.string('StackName');
    const physicalId = input.string('PhysicalResourceId');
    const logicalId = input.string('LogicalResourceId');
    let stack = name === undefined ? undefined : requireStack(engine, name);
    if (!stack && physicalId !== undefined) {
      stack = engine.store.list(false).find((s) => Object.values(s.resources).some((r) => r.physicalId === physicalId));
      if (!stack) throw validationError(`Stack for ${physicalId} does not exist`);
    }
    if (!stack) throw validationError('Either StackName or PhysicalResourceId must be specified.');
    const resources = Object.values(stack.resources).filter(
      (r) => logicalId === undefined || r.logicalId === logicalId,
    );
    return { StackResources: members(resources.map((r) => stackResourceShape(stack, r))) };
  },

  ListStackResources(input, engine) {
    const stack = requireStack(engine, input.required('StackName'));
    return { StackResourceSummaries: members(Object.values(stack.resources).map(stackResourceSummaryShape)) };
  },

  ListExports(_input, engine) {
    const exports = [...listExports(engine.store).values()];
    return { Exports: members(exports.map((e) => ({ ExportingStackId: e.stackId, Name: e.name, Value: e.value }))) };
  },

  ListImports(input, engine) {
    const name = input.required('ExportName');
    const importers = importersOf(engine.store, name);
    if (importers.length === 0) {
      throw new ServiceError('ValidationError', 400, `Export '${name}' is not imported by any stack.`);
    }
    return { Imports: members(importers) };
  },
};
