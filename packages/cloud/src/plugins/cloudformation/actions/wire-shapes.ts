import type { XmlValue } from '../../../protocols/xml.ts';
import type { ChangeSetRecord, ResourceChange, ResourceRecord, StackEventRecord, StackRecord } from '../model.ts';

type Shape = { [name: string]: XmlValue };

/** A query-protocol list: `<Name><member>…</member></Name>`. */
export function members(items: readonly XmlValue[]): Shape {
  return { member: [...items] };
}

/** `Parameter` list entries; NoEcho values masked as `****`. */
export function parameterShapes(parameters: StackRecord['parameters']): Shape {
  return members(parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.noEcho ? '****' : p.value })));
}

/** The `Stack` structure of DescribeStacks. */
export function stackShape(stack: StackRecord): Shape {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    ChangeSetId: stack.changeSetId,
    Description: stack.description,
    Parameters: parameterShapes(stack.parameters),
    CreationTime: stack.creationTime,
    DeletionTime: stack.deletionTime,
    LastUpdatedTime: stack.lastUpdatedTime,
    RollbackConfiguration: {},
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: stack.disableRollback,
    NotificationARNs: members(stack.notificationArns),
    TimeoutInMinutes: stack.timeoutInMinutes,
    Capabilities: members(stack.capabilities),
    Outputs: members(
      stack.outputs.map((o) => ({
        OutputKey: o.key,
        OutputValue: o.value,
        Description: o.description,
        ExportName: o.exportName,
      })),
    ),
    RoleARN: stack.roleArn,
    Tags: members(stack.tags.map((t) => ({ Key: t.Key, Value: t.Value }))),
    EnableTerminationProtection: stack.enableTerminationProtection,
    ParentId: stack.parentId,
    RootId: stack.rootId,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

/** The `StackSummary` structure of ListStacks. */
export function stackSummaryShape(stack: StackRecord): Shape {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    TemplateDescription: stack.description,
    CreationTime: stack.creationTime,
    LastUpdatedTime: stack.lastUpdatedTime,
    DeletionTime: stack.deletionTime,
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    ParentId: stack.parentId,
    RootId: stack.rootId,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

/** The `StackEvent` structure. */
export function eventShape(event: StackEventRecord): Shape {
  return {
    StackId: event.stackId,
    EventId: event.eventId,
    StackName: event.stackName,
    LogicalResourceId: event.logicalResourceId,
    PhysicalResourceId: event.physicalResourceId,
    ResourceType: event.resourceType,
    Timestamp: event.timestamp,
    ResourceStatus: event.resourceStatus,
    ResourceStatusReason: event.resourceStatusReason,
    ResourceProperties: event.resourceProperties,
    ClientRequestToken: event.clientRequestToken,
  };
}

/** The `StackResource` structure of DescribeStackResources. */
export function stackResourceShape(stack: StackRecord, resource: ResourceRecord): Shape {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    Timestamp: resource.timestamp,
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    Description: resource.description,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

/** The `StackResourceDetail` structure of DescribeStackResource. */
export function stackResourceDetailShape(stack: StackRecord, resource: ResourceRecord): Shape {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    LastUpdatedTimestamp: resource.timestamp,
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    Description: resource.description,
    Metadata: resource.metadata === undefined ? undefined : JSON.stringify(resource.metadata),
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

/** The `StackResourceSummary` structure of ListStackResources. */
export function stackResourceSummaryShape(resource: ResourceRecord): Shape {
  return {
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    LastUpdatedTimestamp: resource.timestamp,
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

/** The `Change` structure of DescribeChangeSet. */
export function changeShape(change: ResourceChange): Shape {
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: change.action,
      LogicalResourceId: change.logicalResourceId,
      PhysicalResourceId: change.physicalResourceId,
      ResourceType: change.resourceType,
      Replacement: change.replacement,
      Scope: members(change.scope),
      Details: members(
        change.details.map((detail) => ({
          Target: {
            Attribute: detail.target.attribute,
            Name: detail.target.name,
            RequiresRecreation: detail.target.requiresRecreation,
          },
          Evaluation: detail.evaluation,
          ChangeSource: detail.changeSource,
          CausingEntity: detail.causingEntity,
        })),
      ),
    },
  };
}

/** The `ChangeSetSummary` structure of ListChangeSets. */
export function changeSetSummaryShape(changeSet: ChangeSetRecord): Shape {
  return {
    StackId: changeSet.stackId,
    StackName: changeSet.stackName,
    ChangeSetId: changeSet.changeSetId,
    ChangeSetName: changeSet.changeSetName,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason,
    CreationTime: changeSet.creationTime,
    Description: changeSet.description,
    IncludeNestedStacks: false,
  };
}
