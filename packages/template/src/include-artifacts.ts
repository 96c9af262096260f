import type { Diagnostic } from '@toolkit/core';
import { isMap, isSeq, type Node } from 'yaml';
import type { SourceContext } from './artifact-source.ts';
import type { ArtifactSource } from './artifact-types.ts';
import { resolveFileSource } from './file-artifacts.ts';
import { findPair, mapEntries, mapValue, plainString } from './node-access.ts';

/** The name an `AWS::Include` artifact is recorded under in place of a resource type. */
export const INCLUDE_TRANSFORM = 'AWS::Include';

/** One `Fn::Transform` `AWS::Include` whose Location names a local file, or the problem with that file. */
export interface IncludeFound {
  /** Keys (list indexes as strings) from the template's top to the mapping that holds `Location`. */
  at: string[];
  /** The Location value node. */
  value: Node;
  result: { source: ArtifactSource } | { diagnostic: Diagnostic };
}

/**
 * Every `AWS::Include` of a template whose Location is a local file, in document order: inside
 * resources, at the top of a section, in the Transform section, anywhere but Parameters (where CloudFormation does not
 * allow it). Remote locations and intrinsics are left for CloudFormation, as `aws cloudformation package` does.
 */
export function findIncludes(contents: unknown, context: SourceContext): IncludeFound[] {
  const found: IncludeFound[] = [];
  /** `call` is `{Name, Parameters}`, found at `at`. */
  const include = (call: unknown, at: string[], id: string): void => {
    if (plainString(mapValue(call, 'Name')) !== INCLUDE_TRANSFORM) return;
    const value = mapValue(mapValue(call, 'Parameters'), 'Location');
    const result = value && resolveFileSource(value, context, 's3-uri', 'AWS::Include Location', id);
    if (value && result) found.push({ at: [...at, 'Parameters'], value, result });
  };
  const visit = (node: unknown, at: string[], id: string): void => {
    if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...at, String(i)], id));
    if (!isMap(node)) return;
    for (const { key, pair } of mapEntries(node)) {
      if (key === 'Fn::Transform') include(pair.value, [...at, key], id);
      else visit(pair.value, [...at, key], id);
    }
  };
  for (const { key, pair } of mapEntries(contents)) {
    if (key === 'Parameters') continue;
    // The Transform section names the include itself (alone or in a list), without `Fn::Transform`.
    if (key === 'Transform') {
      const calls = isSeq(pair.value) ? pair.value.items : [pair.value];
      calls.forEach((call, i) => include(call, isSeq(pair.value) ? [key, String(i)] : [key], key));
    } else if (key !== 'Resources') visit(pair.value, [key], key);
    else for (const r of mapEntries(pair.value)) visit(r.pair.value, [key, r.key], r.key);
  }
  return found;
}

/** The mapping node at a path of keys and list indexes, if every step exists. */
export function nodeAtPath(node: unknown, at: readonly string[]): Node | undefined {
  let current: unknown = node;
  for (const step of at) {
    current = isSeq(current) ? current.items[Number(step)] : findPair(current, step)?.value;
    if (current === undefined || current === null) return undefined;
  }
  return current as Node;
}
