import { isPlainObject } from '@toolkit/intrinsics';
import { isDeepStrictEqual } from 'node:util';
import type { FunctionEventSource } from '../function-event-source.ts';
import { SamResourceError } from '../sam-resource-error.ts';
import { isSet } from '../sam-scope.ts';
import { functionArn } from './event-target.ts';
import { linkedResource, ownProperties } from './linked-resource.ts';
import { pushPermission } from './push-permission.ts';

/**
 * `S3`: a permission for S3, and the function added to the bucket's `LambdaConfigurations`. The
 * bucket must be in the template; it waits for the permission (DependsOn, or with a condition a
 * tag that references it, since DependsOn cannot be conditional).
 */
export const s3EventSource: FunctionEventSource = (context) => {
  const p = context.properties;
  const bucket = linkedResource(context, 'Bucket', 'S3 events must reference an S3 bucket in the same template.');
  const permission = pushPermission(context, {
    principal: 's3.amazonaws.com',
    sourceAccount: { Ref: 'AWS::AccountId' },
  });
  const [permissionId, permissionResource] = Object.entries(permission)[0]!;
  const condition = permissionResource['Condition'];
  if (isSet(condition)) {
    const properties = ownProperties(bucket.resource);
    const tags = properties['Tags'] ?? [];
    if (!Array.isArray(tags)) throw new SamResourceError(bucket.id, "Property 'Tags' should be a list.");
    properties['Tags'] = [
      ...tags,
      {
        Key: `sam:ConditionalDependsOn:${permissionId}`,
        Value: { 'Fn::If': [condition, { Ref: permissionId }, 'no dependency'] },
      },
    ];
  } else {
    // A DependsOn that is set but null is no list (samtranslator's set() of it fails), nor are unhashable items.
    const dependsOn = 'DependsOn' in bucket.resource ? bucket.resource['DependsOn'] : [];
    const list = typeof dependsOn === 'string' ? [dependsOn] : dependsOn;
    if (!Array.isArray(list) || list.some((item) => typeof item === 'object' && item !== null))
      throw new SamResourceError(
        `${context.functionId}${context.eventId}`,
        "Invalid type for field 'DependsOn'. Expected a string or list of strings.",
      );
    bucket.resource['DependsOn'] = [...new Set([...list, permissionId])];
  }

  const types = Array.isArray(p['Events']) ? p['Events'] : [p['Events']];
  const mappings = types.map((type) => {
    const mapping: Record<string, unknown> = { Function: functionArn(context) };
    if (isSet(p['Filter'])) mapping['Filter'] = structuredClone(p['Filter']);
    mapping['Event'] = type;
    return isSet(condition) ? { 'Fn::If': [condition, mapping, { Ref: 'AWS::NoValue' }] } : mapping;
  });
  if ('Properties' in bucket.resource && !isPlainObject(bucket.resource['Properties']))
    throw new SamResourceError(bucket.id, 'Properties should be a map.');
  const properties = ownProperties(bucket.resource);
  properties['NotificationConfiguration'] ??= {};
  const notification = properties['NotificationConfiguration'];
  if (!isPlainObject(notification))
    throw new SamResourceError(bucket.id, "Property 'NotificationConfiguration' should be a map.");
  notification['LambdaConfigurations'] ??= [];
  const configurations = notification['LambdaConfigurations'];
  if (!Array.isArray(configurations))
    throw new SamResourceError(bucket.id, 'Invalid type for LambdaConfigurations. Must be a list.');
  for (const mapping of mappings)
    if (!configurations.some((existing) => isDeepStrictEqual(existing, mapping))) configurations.push(mapping);
  return permission;
};
