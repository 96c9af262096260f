import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { keyString, mapEntries, mapValue } from './node-access.ts';

/**
 * `Fn::ForEach` (the `AWS::LanguageExtensions` transform) as the toolkit meets it before
 * CloudFormation expands it: `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]`
 * in `Resources`, where each output key names a resource for every item of the collection.
 * The toolkit packages a loop's resources as they are written, once per loop, and leaves the
 * expansion to CloudFormation (the local cloud expands it the same way).
 */
export const FOR_EACH_PREFIX = 'Fn::ForEach::';

/** The transform a template must declare to use `Fn::ForEach`. */
export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

/** One loop around a resource: its key (`Fn::ForEach::Name`) and identifier. */
export interface LoopScope {
  key: string;
  identifier: string;
  /** The collection's items when it is written out as a list of strings, not a `Ref` or another intrinsic. */
  items?: string[];
}

/** A loop's three parts, when its declaration has the right shape. */
export interface LoopParts {
  identifier: string;
  collection: Node;
  fragment: Node;
}

/** A resource of a `Resources` mapping, inside loops or not. */
export interface ResourceEntry {
  /** Its logical id as written: inside a loop, the output key (`${Name}Function`). */
  logicalId: string;
  pair: Pair<unknown, unknown>;
  /** Keys from the template's top to the resource's mapping (a loop's fragment is item `2`). */
  path: string[];
  /** The loops around it, outermost first; empty for a plain resource. */
  loops: LoopScope[];
}

/** The identifier, collection and fragment of a loop declaration, or undefined when it is not `[string, any, mapping]`. */
export function loopParts(value: unknown): LoopParts | undefined {
  if (!isSeq(value) || value.items.length !== 3) return undefined;
  const [identifier, collection, fragment] = value.items as Node[];
  if (!isScalar(identifier) || typeof identifier.value !== 'string' || identifier.tag?.startsWith('!'))
    return undefined;
  if (collection === null || collection === undefined || !isMap(fragment)) return undefined;
  return { identifier: identifier.value, collection, fragment };
}

/**
 * Every resource of a `Resources` mapping in document order, the resources of well-formed
 * loops (nested ones too) included. A malformed loop is left out: `checkTemplateStructure`
 * reports it.
 */
export function resourceEntries(resources: unknown): ResourceEntry[] {
  const found: ResourceEntry[] = [];
  collect(resources, ['Resources'], [], found);
  return found;
}

function collect(map: unknown, path: string[], loops: LoopScope[], found: ResourceEntry[]): void {
  for (const { key, pair } of mapEntries(map)) {
    if (!key.startsWith(FOR_EACH_PREFIX)) {
      found.push({ logicalId: key, pair, path: [...path, key], loops });
      continue;
    }
    const parts = loopParts(pair.value);
    if (parts === undefined) continue;
    const items = literalItems(parts.collection);
    const loop: LoopScope = { key, identifier: parts.identifier, ...(items ? { items } : {}) };
    collect(parts.fragment, [...path, key, '2'], [...loops, loop], found);
  }
}

/**
 * The first loop identifier `value` mentions, as CloudFormation substitutes it: `${Id}` or
 * `&{Id}` in any string, or `Ref: Id` (`!Ref Id`). A value that mentions one differs from
 * item to item.
 */
export function mentionedIdentifier(value: unknown, loops: readonly LoopScope[]): LoopScope | undefined {
  if (loops.length === 0) return undefined;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isScalar(node)) {
      const text = typeof node.value === 'string' ? node.value : undefined;
      if (text === undefined) continue;
      const hit = loops.find(
        (loop) =>
          (node.tag === '!Ref' && text === loop.identifier) ||
          text.includes(`\${${loop.identifier}}`) ||
          text.includes(`&{${loop.identifier}}`),
      );
      if (hit) return hit;
    } else if (isMap(node)) {
      const ref = mapValue(node, 'Ref');
      const name = isScalar(ref) && typeof ref.value === 'string' ? ref.value : undefined;
      const hit = name === undefined ? undefined : loops.find((loop) => loop.identifier === name);
      if (hit) return hit;
      for (const item of node.items) pending.push(item.key, item.value);
    } else if (isSeq(node)) pending.push(...node.items);
  }
  return undefined;
}

/** True when the template's `Transform` names `AWS::LanguageExtensions`. */
export function declaresLanguageExtensions(root: unknown): boolean {
  const transform = mapValue(root, 'Transform');
  const names = isSeq(transform) ? transform.items : [transform];
  return names.some((name) => isScalar(name) && keyString(name) === LANGUAGE_EXTENSIONS);
}

/** The items of a collection written out as a list of strings (`[Alpha, Beta]`), else undefined. */
function literalItems(collection: Node): string[] | undefined {
  if (!isSeq(collection)) return undefined;
  const items: string[] = [];
  for (const item of collection.items) {
    if (!isScalar(item) || item.tag?.startsWith('!')) return undefined;
    if (typeof item.value !== 'string' && typeof item.value !== 'number') return undefined;
    items.push(String(item.value));
  }
  return items;
}

/** `text` for one item, as CloudFormation substitutes it: `${Id}` becomes the item, `&{Id}` its letters and digits. */
export function substituteItem(text: string, identifier: string, item: string): string {
  return text
    .split(`\${${identifier}}`)
    .join(item)
    .split(`&{${identifier}}`)
    .join(item.replace(/[^A-Za-z0-9]/g, ''));
}
