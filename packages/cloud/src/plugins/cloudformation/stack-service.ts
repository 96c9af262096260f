import { ServiceError } from '../../service-error.ts';
import { prepareDeployment, type DeploymentRequest, type PreparedDeployment } from './deployment-preparation.ts';
import type { CloudFormationEngine } from './engine.ts';
import { isStackArn } from './ids.ts';
import { isStackSettled, type StackRecord } from './model.ts';
import { stackNotFound, validationError } from './template-errors.ts';

/** The stack statuses UpdateStack and update change sets start from. */
const UPDATABLE = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_FAILED',
  'CREATE_FAILED',
]);

/** Checks a stack name as the API does. */
export function checkStackName(name: string | undefined): string {
  if (name === undefined || name === '')
    throw validationError(
      "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null",
    );
  if (!isStackArn(name) && (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(name) || name.length > 128)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`,
    );
  }
  return name;
}

/** The live stack named or identified by `nameOrId`, or CloudFormation's "does not exist" error. */
export function requireStack(engine: CloudFormationEngine, nameOrId: string, withResources = true): StackRecord {
  const stack = engine.store.find(nameOrId, withResources);
  if (!stack || (stack.status === 'DELETE_COMPLETE' && !isStackArn(nameOrId))) throw stackNotFound(nameOrId);
  return stack;
}

/** Refuses to start an operation on a stack that is busy or in a status that forbids updates. */
export function requireUpdatable(engine: CloudFormationEngine, stack: StackRecord): void {
  if (engine.isBusy(stack.stackId) || !isStackSettled(stack.status) || !UPDATABLE.has(stack.status)) {
    throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
  }
}

/** True when an update would change nothing: no resource changes, same parameters, outputs and description. */
export function isEmptyUpdate(stack: StackRecord, prepared: PreparedDeployment): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return (
    prepared.changes.length === 0 &&
    same(prepared.target.parameters, stack.parameters) &&
    same(prepared.target.processedTemplate.Outputs, stack.processedTemplate.Outputs) &&
    same(prepared.target.processedTemplate.Description, stack.processedTemplate.Description) &&
    same(prepared.target.tags, stack.tags)
  );
}

/** CreateStack: validates synchronously, then creates in the background; returns the stack id. */
export async function createStack(
  engine: CloudFormationEngine,
  request: Omit<DeploymentRequest, 'stackId'>,
): Promise<string> {
  checkStackName(request.stackName);
  if (isStackArn(request.stackName)) throw validationError('Stack name cannot be an ARN for CreateStack.');
  if (engine.store.find(request.stackName)) {
    throw new ServiceError('AlreadyExistsException', 400, `Stack [${request.stackName}] already exists`);
  }
  const release = engine.reserveStack();
  if (!release) throw stackLimitExceeded();
  try {
    const stack = engine.newStack(request.stackName, 'CREATE_IN_PROGRESS');
    const prepared = await prepareDeployment(
      engine.preparationDeps(),
      { ...request, stackId: stack.stackId },
      undefined,
      true,
    );
    if (engine.store.find(request.stackName)) {
      throw new ServiceError('AlreadyExistsException', 400, `Stack [${request.stackName}] already exists`);
    }
    // startCreate saves the stack before it returns: from here it counts as live.
    void engine.startCreate(stack, prepared.target);
    return stack.stackId;
  } finally {
    release();
  }
}

/** UpdateStack: "No updates are to be performed." when nothing changes, else updates in the background. */
export async function updateStack(
  engine: CloudFormationEngine,
  request: Omit<DeploymentRequest, 'stackId'>,
): Promise<string> {
  checkStackName(request.stackName);
  const stack = engine.store.find(request.stackName);
  if (!stack || stack.status === 'DELETE_COMPLETE')
    throw validationError(`Stack [${request.stackName}] does not exist`);
  requireUpdatable(engine, stack);
  const prepared = await prepareDeployment(
    engine.preparationDeps(),
    { ...request, stackName: stack.stackName, stackId: stack.stackId },
    stack,
    true,
  );
  if (isEmptyUpdate(stack, prepared)) throw validationError('No updates are to be performed.');
  requireUpdatable(engine, stack);
  void engine.startUpdate(stack, prepared.target);
  return stack.stackId;
}

/** DeleteStack: a missing stack is fine; a REVIEW_IN_PROGRESS stack goes at once; others delete in the background. */
export function deleteStack(engine: CloudFormationEngine, nameOrId: string): void {
  const stack = engine.store.find(nameOrId);
  if (!stack || stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS') return;
  if (stack.enableTerminationProtection) {
    throw validationError(`Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
  }
  if (engine.isBusy(stack.stackId) || !isStackSettled(stack.status)) {
    throw validationError(`Stack [${stack.stackName}] cannot be deleted while in status ${stack.status}`);
  }
  if (stack.parentId !== undefined) {
    const parent = engine.store.find(stack.parentId);
    if (parent && parent.status !== 'DELETE_COMPLETE') {
      throw validationError(
        `Stack [${stack.stackName}] cannot be deleted directly: it is a nested stack of ${parent.stackName}`,
      );
    }
  }
  if (stack.status === 'REVIEW_IN_PROGRESS') {
    stack.status = 'DELETE_COMPLETE';
    stack.deletionTime = engine.ctx.now().toISOString();
    engine.store.save(stack);
    engine.events.stack(stack, 'DELETE_COMPLETE');
    engine.store.deleteChangeSetsOf(stack.stackId);
    return;
  }
  void engine.startDelete(stack);
}

/** CreateStack (or a CREATE change set) beyond the stack quota, in AWS's words. */
export function stackLimitExceeded(): ServiceError {
  return new ServiceError('LimitExceededException', 400, 'Limit for stacks has been exceeded');
}
