import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext } from '../function-event-source.ts';
import { eventError } from './event-target.ts';

/**
 * The template resource an S3 or Cognito event names with `Ref`, which the event then modifies in
 * place (as samtranslator does, so several events on one bucket or pool accumulate).
 */
export function linkedResource(
  context: FunctionEventContext,
  property: string,
  missing: string,
  notString: { eventId: string; message: string } = {
    eventId: context.eventId,
    message: "'Ref' value in S3 events is not a valid string.",
  },
): { id: string; resource: Record<string, unknown> } {
  const value = context.properties[property];
  if (isPlainObject(value) && 'Ref' in value) {
    const id = value['Ref'];
    if (typeof id !== 'string') throw eventError(context, notString.eventId, notString.message);
    const resource = Object.hasOwn(context.scope.resources, id) ? context.scope.resources[id] : undefined;
    if (isPlainObject(resource)) return { id, resource };
  }
  throw eventError(context, context.eventId, missing);
}

/** The resource's `Properties`, created when absent. */
export function ownProperties(resource: Record<string, unknown>): Record<string, unknown> {
  if (!isPlainObject(resource['Properties'])) resource['Properties'] = {};
  return resource['Properties'] as Record<string, unknown>;
}
