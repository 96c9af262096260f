import * as path from 'node:path';
import type { Node } from 'yaml';
import { mapValue, plainString, valueAt } from './node-access.ts';
import { isRemoteUri } from './s3-location.ts';

/** Resource types whose property points at a nested template, and which property. */
export const NESTED_TEMPLATE_PROPERTIES: Readonly<Record<string, 'Location' | 'TemplateURL'>> = {
  'AWS::Serverless::Application': 'Location',
  'AWS::CloudFormation::Stack': 'TemplateURL',
};

/** A nested stack resource that names a local template file. */
export interface NestedTemplateRef {
  property: 'Location' | 'TemplateURL';
  value: Node;
  /** The path as written in the template. */
  written: string;
  /** The absolute path, resolved against the parent template's folder. */
  file: string;
}

/** The local template a resource nests, or undefined (not a nested stack, or a remote/SAR location). */
export function nestedTemplateRef(resource: unknown, parentFile: string): NestedTemplateRef | undefined {
  const type = plainString(mapValue(resource, 'Type'));
  const property = type === undefined ? undefined : NESTED_TEMPLATE_PROPERTIES[type];
  if (property === undefined) return undefined;
  const value = valueAt(resource, ['Properties', property]);
  const written = plainString(value);
  if (value === undefined || written === undefined || written === '' || isRemoteUri(written)) return undefined;
  return { property, value, written, file: path.resolve(path.dirname(parentFile), written) };
}
