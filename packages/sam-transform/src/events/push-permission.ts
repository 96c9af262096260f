import type { FunctionEventContext } from '../function-event-source.ts';
import { definedProperties } from '../sam-scope.ts';
import { samLogicalId } from '../sam-logical-id.ts';
import { eventLogicalId, eventResource, functionTarget } from './event-target.ts';

/** What a push source's `AWS::Lambda::Permission` grants and to whom. */
export interface PermissionGrant {
  principal: string;
  sourceArn?: unknown;
  sourceAccount?: unknown;
  eventSourceToken?: unknown;
  /** Appended to `<prefix>Permission` as is when alphanumeric, else hashed (samtranslator's rule). */
  suffix?: string;
  /** Defaults to the event's logical id. */
  prefix?: string;
}

/** The permission letting the source service invoke the function (or its alias), keyed by logical id. */
export function pushPermission(
  context: FunctionEventContext,
  grant: PermissionGrant,
): Record<string, Record<string, unknown>> {
  const prefix = grant.prefix ?? eventLogicalId(context);
  const suffix = grant.suffix ?? '';
  const id = /^[\p{L}\p{N}]+$/u.test(suffix)
    ? `${prefix}Permission${suffix}`
    : samLogicalId(`${prefix}Permission`, suffix);
  const properties = definedProperties({
    Action: 'lambda:InvokeFunction',
    FunctionName: functionTarget(context),
    Principal: grant.principal,
    SourceArn: grant.sourceArn,
    SourceAccount: grant.sourceAccount,
    EventSourceToken: grant.eventSourceToken,
  });
  return { [id]: eventResource(context, 'AWS::Lambda::Permission', properties) };
}
