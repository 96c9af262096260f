import { isDeepStrictEqual } from 'node:util';
import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext } from '../function-event-source.ts';
import { SamResourceError } from '../sam-resource-error.ts';
import { passthroughAttributes } from '../sam-scope.ts';

/** The logical id samtranslator gives an event's main resource: the function's id then the event's. */
export function eventLogicalId(context: FunctionEventContext): string {
  return context.functionId + context.eventId;
}

/** What permissions and mappings name: the alias when AutoPublishAlias made one, else the function. */
export function functionTarget(context: FunctionEventContext): Record<string, unknown> {
  return { Ref: context.aliasId ?? context.functionId };
}

/** The function's `Condition`/`DeletionPolicy`/`UpdateReplacePolicy`, which every event resource inherits. */
export function eventAttributes(context: FunctionEventContext): Record<string, unknown> {
  return passthroughAttributes(context.resource);
}

/** A generated CloudFormation resource: type, the function's passthrough attributes, then properties. */
export function eventResource(
  context: FunctionEventContext,
  type: string,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  return { Type: type, ...eventAttributes(context), Properties: properties };
}

/** Adds an inline policy to the generated role unless an equal document is already there (samtranslator's check). */
export function addRolePolicy(role: Record<string, unknown> | undefined, policy: Record<string, unknown>): void {
  if (role === undefined) return;
  const properties = role['Properties'] as Record<string, unknown>;
  const policies = Array.isArray(properties['Policies']) ? (properties['Policies'] as unknown[]) : [];
  const documents = policies.map((existing) => (isPlainObject(existing) ? existing['PolicyDocument'] : undefined));
  if (policies.some((existing) => isDeepStrictEqual(existing, policy))) return;
  if (documents.some((document) => isDeepStrictEqual(document, policy['PolicyDocument']))) return;
  properties['Policies'] = [...policies, policy];
}

/** Adds a managed policy ARN to the generated role unless it is already listed. */
export function addRoleManagedPolicy(role: Record<string, unknown> | undefined, arn: string): void {
  if (role === undefined) return;
  const properties = role['Properties'] as Record<string, unknown>;
  const managed = Array.isArray(properties['ManagedPolicyArns']) ? (properties['ManagedPolicyArns'] as unknown[]) : [];
  if (!managed.includes(arn)) properties['ManagedPolicyArns'] = [...managed, arn];
}

/** samtranslator's event error, reported on the function: `Event with id [X] is invalid. …`. */
export function eventError(context: FunctionEventContext, eventId: string, message: string): SamResourceError {
  return new SamResourceError(context.functionId, `Event with id [${eventId}] is invalid. ${message}`);
}

/** The function's ARN as an event target names it: the alias (`Ref`), else `GetAtt Arn`. */
export function functionArn(context: FunctionEventContext): Record<string, unknown> {
  return context.aliasId !== undefined ? { Ref: context.aliasId } : { 'Fn::GetAtt': [context.functionId, 'Arn'] };
}
