import type { ParameterValue, ResourceRecord, StackRecord } from './model.ts';

/** What a create or update deploys. */
export interface DeployTarget {
  templateBody: string;
  processedTemplate: Record<string, unknown>;
  parameters: ParameterValue[];
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  notificationArns: string[];
  disableRollback: boolean;
  roleArn?: string;
  changeSetId?: string;
  timeoutInMinutes?: number;
  /** Messages about SAM features the local cloud does not emulate, reported once as a stack event. */
  notEmulated: string[];
}

/** The stack as it was before an update, to roll back to. */
export type Snapshot = Pick<
  StackRecord,
  | 'templateBody'
  | 'processedTemplate'
  | 'parameters'
  | 'outputs'
  | 'description'
  | 'capabilities'
  | 'tags'
  | 'notificationArns'
  | 'imports'
  | 'resources'
>;

/** What the forward pass did, for rollback and cleanup. */
export interface ForwardResult {
  failed: string[];
  failedCreates: string[];
  /** Resources updated in place (or whose update failed): rollback re-applies their old properties. */
  updated: string[];
  /** Resources replaced: the old record, deleted at cleanup or restored at rollback. */
  replaced: Map<string, ResourceRecord>;
  /** Resources the pass created (not replacements). */
  added: string[];
  /** A stack-level failure (outputs, exports) rather than a resource's. */
  stackReason?: string;
}
