/** Stack statuses, spelled as CloudFormation spells them. */
export type StackStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_FAILED'
  | 'CREATE_COMPLETE'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_FAILED'
  | 'ROLLBACK_COMPLETE'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_FAILED'
  | 'DELETE_COMPLETE'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'REVIEW_IN_PROGRESS';

/** Resource statuses as they appear in stack events and resource descriptions. */
export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_FAILED'
  | 'CREATE_COMPLETE'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_FAILED'
  | 'DELETE_COMPLETE'
  | 'DELETE_SKIPPED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_FAILED'
  | 'UPDATE_COMPLETE';

/** One stack parameter's value as the stack keeps it. */
export interface ParameterValue {
  key: string;
  value: string;
  noEcho: boolean;
}

/** One resolved stack output. */
export interface OutputRecord {
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

/** One deployed resource: its resolved properties and what Ref/GetAtt return for it. */
export interface ResourceRecord {
  logicalId: string;
  type: string;
  physicalId?: string;
  status: ResourceStatus;
  statusReason?: string;
  /** ISO time of the last status change. */
  timestamp: string;
  /** Properties as last applied, intrinsics resolved. */
  properties: Record<string, unknown>;
  /** Values for Fn::GetAtt, and `Ref` for the Ref value when it is not the physical id. */
  attributes: Record<string, unknown>;
  metadata?: unknown;
  description?: string;
}

/** A stack as stored: identity, status, inputs, and the deployed resources. */
export interface StackRecord {
  stackId: string;
  stackName: string;
  status: StackStatus;
  statusReason?: string;
  description?: string;
  creationTime: string;
  lastUpdatedTime?: string;
  deletionTime?: string;
  parameters: ParameterValue[];
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  notificationArns: string[];
  disableRollback: boolean;
  timeoutInMinutes?: number;
  roleArn?: string;
  enableTerminationProtection: boolean;
  outputs: OutputRecord[];
  /** The template as submitted (GetTemplate Original). */
  templateBody: string;
  /** The template after transforms (GetTemplate Processed), plain data. */
  processedTemplate: Record<string, unknown>;
  resources: Record<string, ResourceRecord>;
  changeSetId?: string;
  /** Export names this stack's template imports (Fn::ImportValue), recorded at deploy. */
  imports?: string[];
  parentId?: string;
  rootId?: string;
}

/** One stack event, as DescribeStackEvents returns it. */
export interface StackEventRecord {
  eventId: string;
  stackId: string;
  stackName: string;
  logicalResourceId: string;
  physicalResourceId: string;
  resourceType: string;
  timestamp: string;
  resourceStatus: string;
  resourceStatusReason?: string;
  resourceProperties?: string;
  clientRequestToken?: string;
}

/** A change's effect on replacement, as DescribeChangeSet words it. */
export type Replacement = 'True' | 'False' | 'Conditional';

/** One property-level detail of a resource change. */
export interface ChangeDetail {
  target: {
    attribute: 'Properties' | 'Metadata' | 'CreationPolicy' | 'UpdatePolicy' | 'DeletionPolicy' | 'Tags';
    name?: string;
    requiresRecreation: 'Never' | 'Conditionally' | 'Always';
  };
  evaluation: 'Static' | 'Dynamic';
  changeSource: 'ResourceReference' | 'ParameterReference' | 'ResourceAttribute' | 'DirectModification' | 'Automatic';
  causingEntity?: string;
}

/** One resource change of a change set. */
export interface ResourceChange {
  action: 'Add' | 'Modify' | 'Remove';
  logicalResourceId: string;
  physicalResourceId?: string;
  resourceType: string;
  replacement?: Replacement;
  scope: string[];
  details: ChangeDetail[];
}

/** Change set statuses. */
export type ChangeSetStatus =
  'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'DELETE_COMPLETE' | 'FAILED';

/** Change set execution statuses. */
export type ExecutionStatus =
  'UNAVAILABLE' | 'AVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';

/** A change set as stored, with everything needed to execute it later. */
export interface ChangeSetRecord {
  changeSetId: string;
  changeSetName: string;
  stackId: string;
  stackName: string;
  changeSetType: 'CREATE' | 'UPDATE' | 'IMPORT';
  description?: string;
  status: ChangeSetStatus;
  statusReason?: string;
  executionStatus: ExecutionStatus;
  creationTime: string;
  parameters: ParameterValue[];
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  notificationArns: string[];
  roleArn?: string;
  templateBody: string;
  processedTemplate: Record<string, unknown>;
  changes: ResourceChange[];
  timeoutInMinutes?: number;
  /** SAM features the transform could not emulate, reported when the change set executes. */
  notEmulated: string[];
}

/** Statuses from which no operation is running. */
export function isStackSettled(status: StackStatus): boolean {
  return !status.endsWith('_IN_PROGRESS') || status === 'REVIEW_IN_PROGRESS';
}
