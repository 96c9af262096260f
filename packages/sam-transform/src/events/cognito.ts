import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventSource } from '../function-event-source.ts';
import { SamResourceError } from '../sam-resource-error.ts';
import { eventError, eventLogicalId, functionArn } from './event-target.ts';
import { linkedResource, ownProperties } from './linked-resource.ts';
import { pushPermission } from './push-permission.ts';

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `Cognito`: the function set as the user pool's trigger(s) in `LambdaConfig`, and a permission for Cognito. */
export const cognitoEventSource: FunctionEventSource = (context) => {
  const pool = linkedResource(
    context,
    'UserPool',
    'Cognito events must reference a Cognito UserPool in the same template.',
    { eventId: eventLogicalId(context), message: 'Ref in Userpool is not a string.' },
  );
  const permission = pushPermission(context, {
    principal: 'cognito-idp.amazonaws.com',
    sourceArn: { 'Fn::GetAtt': [pool.id, 'Arn'] },
    prefix: `${context.functionId}Cognito`,
  });
  const trigger = context.properties['Trigger'];
  const triggers = Array.isArray(trigger) ? trigger : [trigger];
  const properties = ownProperties(pool.resource);
  properties['LambdaConfig'] ??= {};
  const config = properties['LambdaConfig'];
  if (!isPlainObject(config)) throw new SamResourceError(pool.id, "Property 'LambdaConfig' should be a map.");
  for (const name of triggers) {
    const key = String(name);
    if (UNSAFE_KEYS.has(key)) throw eventError(context, context.eventId, `Cognito trigger "${key}" is not valid.`);
    if (Object.hasOwn(config, key))
      throw eventError(context, context.eventId, `Cognito trigger "${pythonRepr(trigger)}" defined multiple times.`);
    config[key] = functionArn(context);
  }
  return permission;
};

/** How Python's str() shows a string or a list of strings in the message. */
function pythonRepr(value: unknown): string {
  return Array.isArray(value) ? `[${value.map((item) => `'${String(item)}'`).join(', ')}]` : String(value);
}
