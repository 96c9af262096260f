import type { DeploymentRequest } from '../deployment-preparation.ts';
import type { ParameterInput } from '../parameters.ts';
import type { QueryInput } from './query-input.ts';

/** The template/parameter/capability fields shared by CreateStack, UpdateStack and CreateChangeSet. */
export function deploymentInput(input: QueryInput): Omit<DeploymentRequest, 'stackId'> {
  return {
    stackName: input.required('StackName'),
    templateBody: input.string('TemplateBody'),
    templateUrl: input.string('TemplateURL'),
    usePreviousTemplate: input.boolean('UsePreviousTemplate'),
    parameters: input.structures<ParameterInput>('Parameters'),
    capabilities: input.strings('Capabilities'),
    tags: input.structures<{ Key: string; Value: string }>('Tags'),
    notificationArns: input.strings('NotificationARNs'),
    disableRollback: input.boolean('DisableRollback') ?? input.string('OnFailure') === 'DO_NOTHING',
    roleArn: input.string('RoleARN'),
    timeoutInMinutes: input.integer('TimeoutInMinutes'),
  };
}
