import { ServiceError } from '../../service-error.ts';
import { isSchemaFailure, prepareDeployment, type DeploymentRequest } from './deployment-preparation.ts';
import type { CloudFormationEngine } from './engine.ts';
import { newChangeSetId } from './ids.ts';
import type { ChangeSetRecord, StackRecord } from './model.ts';
import { checkStackName, isEmptyUpdate, requireUpdatable, stackLimitExceeded } from './stack-service.ts';
import { validationError } from './template-errors.ts';
import { isTransformFailure } from './template-processing.ts';

/** A CreateChangeSet call. */
export interface ChangeSetRequest extends Omit<DeploymentRequest, 'stackId'> {
  changeSetName: string;
  changeSetType: 'CREATE' | 'UPDATE';
  description?: string;
}

/** The reason CloudFormation gives a change set with nothing in it. */
export const NO_CHANGES_REASON =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

/** The change set named or identified by `nameOrId`, or ChangeSetNotFound. */
export function requireChangeSet(
  engine: CloudFormationEngine,
  nameOrId: string,
  stackName: string | undefined,
): ChangeSetRecord {
  const stack = stackName === undefined ? undefined : engine.store.find(stackName);
  const changeSet = engine.store.findChangeSet(nameOrId, stack?.stackId);
  if (!changeSet || (stack !== undefined && changeSet.stackId !== stack.stackId)) {
    throw new ServiceError('ChangeSetNotFound', 404, `ChangeSet [${nameOrId}] does not exist`);
  }
  return changeSet;
}

/**
 * CreateChangeSet. The changes are computed before the call returns, so the change set is
 * already CREATE_COMPLETE (or FAILED) when clients first poll. CREATE makes (or reuses) a
 * REVIEW_IN_PROGRESS stack. Transform and capability failures of transformed templates, and
 * unsupported resource types, become a FAILED change set; other template errors fail the call.
 */
export async function createChangeSet(
  engine: CloudFormationEngine,
  request: ChangeSetRequest,
): Promise<ChangeSetRecord> {
  checkStackName(request.stackName);
  if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(request.changeSetName) || request.changeSetName.length > 128) {
    throw validationError(
      `1 validation error detected: Value '${request.changeSetName}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
  let stack = engine.store.find(request.stackName);
  if (stack?.status === 'DELETE_COMPLETE') stack = undefined;
  if (request.changeSetType === 'CREATE') {
    if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw new ServiceError(
        'AlreadyExistsException',
        400,
        `Stack [${request.stackName}] already exists and cannot be created again with the changeSet [${request.changeSetName}].`,
      );
    }
  } else {
    if (!stack) throw validationError(`Stack [${request.stackName}] does not exist`);
    requireUpdatable(engine, stack);
  }
  if (stack && engine.store.findChangeSet(request.changeSetName, stack.stackId)) {
    throw new ServiceError('AlreadyExistsException', 400, `ChangeSet [${request.changeSetName}] already exists`);
  }

  // A new stack holds a place under the stack quota until it is saved.
  const release = stack ? () => undefined : engine.reserveStack();
  if (!release) throw stackLimitExceeded();
  const target = stack ?? engine.newStack(request.stackName, 'REVIEW_IN_PROGRESS');
  let failure: string | undefined;
  let prepared: Awaited<ReturnType<typeof prepareDeployment>> | undefined;
  try {
    try {
      prepared = await prepareDeployment(
        engine.preparationDeps(),
        { ...request, stackName: target.stackName, stackId: target.stackId },
        request.changeSetType === 'UPDATE' ? stack : undefined,
        false,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (
        !isTransformFailure(error) &&
        !isSchemaFailure(error) &&
        !message.startsWith('Template format error: Unrecognized resource types')
      )
        throw error;
      failure = message;
    }
    if (!stack) {
      engine.store.save(target);
      engine.events.stack(target, 'REVIEW_IN_PROGRESS', 'User Initiated');
    }
  } finally {
    release();
  }
  if (failure === undefined && prepared && request.changeSetType === 'UPDATE' && isEmptyUpdate(target, prepared)) {
    failure = NO_CHANGES_REASON;
  }
  const changeSet: ChangeSetRecord = {
    changeSetId: newChangeSetId(engine.ctx.region, engine.ctx.accountId, request.changeSetName),
    changeSetName: request.changeSetName,
    stackId: target.stackId,
    stackName: target.stackName,
    changeSetType: request.changeSetType,
    description: request.description,
    status: failure === undefined ? 'CREATE_COMPLETE' : 'FAILED',
    statusReason: failure,
    executionStatus: failure === undefined ? 'AVAILABLE' : 'UNAVAILABLE',
    creationTime: engine.ctx.now().toISOString(),
    parameters: prepared?.target.parameters ?? [],
    capabilities: request.capabilities,
    tags: request.tags,
    notificationArns: request.notificationArns,
    roleArn: request.roleArn,
    templateBody: prepared?.target.templateBody ?? request.templateBody ?? '',
    processedTemplate: prepared?.target.processedTemplate ?? {},
    changes: prepared?.changes ?? [],
    timeoutInMinutes: request.timeoutInMinutes,
    notEmulated: prepared?.target.notEmulated ?? [],
  };
  engine.store.saveChangeSet(changeSet);
  return changeSet;
}

/** ExecuteChangeSet: starts the create or update in the background; other change sets of the stack go away. */
export function executeChangeSet(
  engine: CloudFormationEngine,
  changeSet: ChangeSetRecord,
  disableRollback: boolean | undefined,
): void {
  if (changeSet.executionStatus !== 'AVAILABLE') {
    throw new ServiceError(
      'InvalidChangeSetStatus',
      400,
      `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current status of [${changeSet.status}]`,
    );
  }
  const stack = engine.store.find(changeSet.stackId) as StackRecord;
  if (changeSet.changeSetType === 'UPDATE') requireUpdatable(engine, stack);
  else if (stack.status !== 'REVIEW_IN_PROGRESS') {
    throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
  }
  const target = {
    templateBody: changeSet.templateBody,
    processedTemplate: changeSet.processedTemplate,
    parameters: changeSet.parameters,
    capabilities: changeSet.capabilities,
    tags: changeSet.tags,
    notificationArns: changeSet.notificationArns,
    disableRollback: disableRollback ?? false,
    roleArn: changeSet.roleArn,
    changeSetId: changeSet.changeSetId,
    timeoutInMinutes: changeSet.timeoutInMinutes,
    notEmulated: changeSet.notEmulated,
  };
  for (const other of engine.store.changeSets(stack.stackId)) {
    if (other.changeSetId !== changeSet.changeSetId) engine.store.deleteChangeSet(other.changeSetId);
  }
  engine.store.saveChangeSet({ ...changeSet, executionStatus: 'EXECUTE_IN_PROGRESS' });
  const run =
    changeSet.changeSetType === 'CREATE' ? engine.startCreate(stack, target) : engine.startUpdate(stack, target);
  void run.then(() => {
    if (engine.isClosing()) return;
    const done = engine.store.find(stack.stackId);
    const current = engine.store.findChangeSet(changeSet.changeSetId, undefined);
    if (!done || !current) return;
    const ok = done.status === 'CREATE_COMPLETE' || done.status === 'UPDATE_COMPLETE';
    engine.store.saveChangeSet({ ...current, executionStatus: ok ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED' });
  });
}

/** DeleteChangeSet: refused while the change set executes. */
export function deleteChangeSet(engine: CloudFormationEngine, changeSet: ChangeSetRecord): void {
  if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
    throw new ServiceError(
      'InvalidChangeSetStatus',
      400,
      `Cannot delete ChangeSet [${changeSet.changeSetId}] in status EXECUTE_IN_PROGRESS`,
    );
  }
  engine.store.deleteChangeSet(changeSet.changeSetId);
}
