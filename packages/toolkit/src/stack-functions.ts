import {
  ListStackResourcesCommand,
  type CloudFormationClient,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { OperationError, UserInputError, didYouMean, messages } from '@toolkit/core';
import { describeStack } from './change-set.ts';

/** A Lambda function of a deployed stack: its logical path (`Fn`, `Child/Fn`) and physical name. */
export interface StackFunction {
  /** Logical ids from the root stack down, joined with `/`, as `sam local invoke` names nested functions. */
  path: string;
  functionName: string;
}

const NESTED_STACK = 'AWS::CloudFormation::Stack';
const FUNCTION = 'AWS::Lambda::Function';

/** Every Lambda function of a stack and its nested stacks, in logical-id order per stack. */
export async function listStackFunctions(cfn: CloudFormationClient, stackName: string): Promise<StackFunction[]> {
  const stack = await describeStack(cfn, stackName);
  if (!stack?.StackId) throw new OperationError(messages.StackNotFound, `Stack ${stackName} does not exist`);
  return functionsUnder(cfn, stack.StackId, '');
}

/**
 * The function a logical path names (`Fn` or `Child/Fn`); an unknown one is a user error that
 * lists the stack's functions (and the closest one).
 */
export async function findStackFunction(
  cfn: CloudFormationClient,
  stackName: string,
  path: string,
): Promise<StackFunction> {
  const functions = await listStackFunctions(cfn, stackName);
  const found = functions.find((fn) => fn.path === path);
  if (found) return found;
  const paths = functions.map((fn) => fn.path);
  throw new UserInputError(
    messages.FunctionNotInStack,
    `Function ${path} is not in stack ${stackName}${didYouMean(path, paths)}; its functions: ${paths.join(', ') || 'none'}`,
  );
}

async function functionsUnder(cfn: CloudFormationClient, stackId: string, prefix: string): Promise<StackFunction[]> {
  const resources: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: token }));
    resources.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  resources.sort((a, b) => (a.LogicalResourceId ?? '').localeCompare(b.LogicalResourceId ?? ''));
  const found: StackFunction[] = [];
  for (const resource of resources) {
    const path = `${prefix}${resource.LogicalResourceId}`;
    if (!resource.PhysicalResourceId) continue;
    if (resource.ResourceType === FUNCTION) found.push({ path, functionName: resource.PhysicalResourceId });
    else if (resource.ResourceType === NESTED_STACK)
      found.push(...(await functionsUnder(cfn, resource.PhysicalResourceId, `${path}/`)));
  }
  return found;
}
