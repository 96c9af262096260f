import { DescribeStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';

/** The resources of one type that the local cloud records without running them. */
export interface NotEmulatedType {
  type: string;
  logicalResourceIds: string[];
}

// The local cloud's status reason for a resource it records but does not run (AWS never gives it).
const NOT_EMULATED_PREFIX = 'Not emulated by the local cloud';

/** The stack's resources the local cloud does not run, by type (sorted); empty on AWS. */
export async function notEmulatedResources(cfn: CloudFormationClient, stackName: string): Promise<NotEmulatedType[]> {
  const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
  const byType = new Map<string, string[]>();
  for (const resource of StackResources ?? []) {
    if (!resource.ResourceStatusReason?.startsWith(NOT_EMULATED_PREFIX)) continue;
    const type = resource.ResourceType ?? '';
    byType.set(type, [...(byType.get(type) ?? []), resource.LogicalResourceId ?? '']);
  }
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, ids]) => ({ type, logicalResourceIds: ids.sort() }));
}

/** `not emulated locally: AWS::DynamoDB::Table (Orders), AWS::SQS::Queue (Jobs, Dlq)`, or undefined when none. */
export function notEmulatedLine(types: readonly NotEmulatedType[]): string | undefined {
  if (types.length === 0) return undefined;
  return `not emulated locally: ${types.map((t) => `${t.type} (${t.logicalResourceIds.join(', ')})`).join(', ')}`;
}
