/** Values of the CloudFormation pseudo parameters for one stack. */
export interface PseudoParameters {
  region: string;
  accountId: string;
  stackName: string;
  stackId: string;
  /** Derived from the region when absent (`aws`, `aws-cn`, `aws-us-gov`, ...). */
  partition?: string;
  /** Derived from the partition when absent (`amazonaws.com`, `amazonaws.com.cn`). */
  urlSuffix?: string;
  notificationArns?: string[];
}

/** Every pseudo parameter name CloudFormation knows. */
export const PSEUDO_PARAMETER_NAMES = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

/** True for `AWS::Region` and the other pseudo parameters. */
export function isPseudoParameter(name: string): boolean {
  return (PSEUDO_PARAMETER_NAMES as readonly string[]).includes(name);
}

/** The partition a region belongs to, as ARNs spell it. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  return 'aws';
}

/** The domain suffix of service endpoints in a partition. */
export function urlSuffixOfPartition(partition: string): string {
  switch (partition) {
    case 'aws-cn':
      return 'amazonaws.com.cn';
    case 'aws-iso':
      return 'c2s.ic.gov';
    case 'aws-iso-b':
      return 'sc2s.sgov.gov';
    default:
      return 'amazonaws.com';
  }
}

/** The value of a pseudo parameter other than `AWS::NoValue`, or undefined for any other name. */
export function pseudoParameterValue(name: string, pseudo: PseudoParameters): unknown {
  const partition = pseudo.partition ?? partitionOfRegion(pseudo.region);
  switch (name) {
    case 'AWS::Region':
      return pseudo.region;
    case 'AWS::AccountId':
      return pseudo.accountId;
    case 'AWS::StackName':
      return pseudo.stackName;
    case 'AWS::StackId':
      return pseudo.stackId;
    case 'AWS::Partition':
      return partition;
    case 'AWS::URLSuffix':
      return pseudo.urlSuffix ?? urlSuffixOfPartition(partition);
    case 'AWS::NotificationARNs':
      return pseudo.notificationArns ?? [];
    default:
      return undefined;
  }
}
