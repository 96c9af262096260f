import type { DeploymentRequest } from '../deployment-preparation.ts';
import type { ParameterInput } from '../parameters.ts';
import { validationError } from '../template-errors.ts';
import type { QueryInput } from './query-input.ts';

/** The Capabilities enum, in the order CloudFormation lists it in its validation message. */
const knownCapabilities = ['CAPABILITY_AUTO_EXPAND', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_IAM'];

/** The template/parameter/capability fields shared by CreateStack, UpdateStack and CreateChangeSet. */
export function deploymentInput(input: QueryInput): Omit<DeploymentRequest, 'stackId'> {
  return {
    stackName: input.required('StackName'),
    templateBody: input.string('TemplateBody'),
    templateUrl: input.string('TemplateURL'),
    usePreviousTemplate: input.boolean('UsePreviousTemplate'),
    parameters: input.structures<ParameterInput>('Parameters'),
    capabilities: checkedCapabilities(input.strings('Capabilities')),
    tags: input.structures<{ Key: string; Value: string }>('Tags'),
    notificationArns: input.strings('NotificationARNs'),
    disableRollback: input.boolean('DisableRollback') ?? input.string('OnFailure') === 'DO_NOTHING',
    roleArn: input.string('RoleARN'),
    timeoutInMinutes: input.integer('TimeoutInMinutes'),
  };
}

/** Capabilities outside the enum are refused before anything is created, with CloudFormation's wording. */
function checkedCapabilities(capabilities: string[]): string[] {
  if (capabilities.every((c) => knownCapabilities.includes(c))) return capabilities;
  throw validationError(
    `1 validation error detected: Value '[${capabilities.join(', ')}]' at 'capabilities' failed to satisfy constraint: ` +
      `Member must satisfy constraint: [Member must satisfy enum value set: [${knownCapabilities.join(', ')}]]`,
  );
}
