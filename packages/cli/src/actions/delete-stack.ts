import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { silentIoHost, OperationError, type IoHost } from '@toolkit/core';
import { openAwsSession, type TargetOptions } from './aws-session.ts';
import { describeStack } from './change-set.ts';
import { existingEventIds, followStack } from './stack-events.ts';

/** Deletes a stack and waits for it to go; a stack that does not exist is not an error. */
export async function deleteStack(options: TargetOptions & { stackName: string }, io: IoHost = silentIoHost): Promise<{ stackName: string; status: string }> {
  const session = await openAwsSession(options, io);
  try {
    const { cloudformation } = await session.deployClients();
    const existing = await describeStack(cloudformation, options.stackName);
    if (!existing) return { stackName: options.stackName, status: 'DOES_NOT_EXIST' };
    const before = await existingEventIds(cloudformation, existing.StackId ?? options.stackName);
    await cloudformation.send(new DeleteStackCommand({ StackName: existing.StackId ?? options.stackName }));
    const followed = await followStack(cloudformation, existing.StackId ?? options.stackName, before, io);
    if (followed.status !== 'DELETE_COMPLETE') {
      throw new OperationError('DeleteFailed', `Stack ${options.stackName} ended in ${followed.status}`);
    }
    return { stackName: options.stackName, status: followed.status };
  } finally {
    await session.close();
  }
}
