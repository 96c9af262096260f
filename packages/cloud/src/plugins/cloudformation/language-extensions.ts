import { isPlainObject } from '@toolkit/intrinsics';
import {
  mentionsIdentifier,
  replacePlaceholders,
  substituteIntrinsic,
  type LoopIdentifiers,
} from './for-each-substitution.ts';
import { forEachCollection, type CollectionScope } from './for-each-collection.ts';
import { FOR_EACH_PREFIX, languageExtensionsFailure, loopDeclarations } from './for-each-declarations.ts';
import { resolveFindInMapLookups } from './find-in-map-lookups.ts';

export { LANGUAGE_EXTENSIONS_TRANSFORM, missingLanguageExtensions } from './for-each-declarations.ts';

/** CloudFormation expands loops nested at most this deep. */
const MAX_LOOP_DEPTH = 5;
/** The sections whose entries a loop may produce. */
const SECTIONS_WITH_LOOPS = ['Conditions', 'Resources', 'Outputs'] as const;

/** Where the walk is: the identifiers in scope, how many loops deep, and the path for messages. */
interface Walk {
  identifiers: LoopIdentifiers;
  depth: number;
  path: string;
  collections: CollectionScope;
}

/** Turns one entry's value into its expanded form (a resource body, an output, a condition). */
type ExpandEntry = (value: unknown, walk: Walk) => unknown;

/**
 * The `AWS::LanguageExtensions` transform: every `Fn::ForEach::Name` key in Conditions, Resources,
 * Outputs and resource properties is replaced by the entries its loop produces, then the
 * `Fn::FindInMap` lookups the loops left with literal keys are replaced by their values (so the
 * SAM transform after it sees, say, a plain `CodeUri`). Throws the transform failure a change set
 * reports as its FAILED reason.
 */
export function expandLanguageExtensions(
  template: Record<string, unknown>,
  collections: CollectionScope,
): Record<string, unknown> {
  const loopNames = new Set(loopDeclarations(template, SECTIONS_WITH_LOOPS).map((loop) => loop.name));
  const output: Record<string, unknown> = { ...template };
  for (const section of SECTIONS_WITH_LOOPS) {
    const entries = template[section];
    if (!isPlainObject(entries)) continue;
    const walk: Walk = { identifiers: new Map(), depth: 0, path: `/${section}`, collections };
    output[section] = expandMap(entries, walk, section === 'Resources' ? expandResource : expandPlainValue);
  }
  const resources = isPlainObject(output.Resources) ? output.Resources : {};
  for (const name of loopNames) {
    if (Object.hasOwn(resources, name))
      throw languageExtensionsFailure(
        `The loop name ${name} is also the logical id of a resource; loop names must differ from them.`,
      );
  }
  return resolveFindInMapLookups(output, collections);
}

/** A map whose `Fn::ForEach::*` keys are replaced by their loops' entries; a key produced twice fails. */
function expandMap(map: Record<string, unknown>, walk: Walk, expandEntry: ExpandEntry): Record<string, unknown> {
  const origins = new Map<string, string>();
  const result = new Map<string, unknown>();
  const add = (key: string, value: unknown, origin: string) => {
    const earlier = origins.get(key);
    if (earlier !== undefined)
      throw languageExtensionsFailure(`${key} at ${walk.path} is defined twice: by ${earlier} and by ${origin}.`);
    origins.set(key, origin);
    result.set(key, value);
  };
  for (const [key, value] of Object.entries(map)) {
    if (!key.startsWith(FOR_EACH_PREFIX)) {
      add(key, expandEntry(value, { ...walk, path: `${walk.path}/${key}` }), 'the template');
      continue;
    }
    for (const [produced, expanded] of expandLoop(key, value, walk, expandEntry)) add(produced, expanded, key);
  }
  return Object.fromEntries(result);
}

/** The `[key, value]` entries one loop produces, nested loops included. */
function expandLoop(key: string, declaration: unknown, walk: Walk, expandEntry: ExpandEntry): Array<[string, unknown]> {
  const where = `${key} at ${walk.path}`;
  if (!Array.isArray(declaration) || declaration.length !== 3)
    throw languageExtensionsFailure(
      `${where} must be a list of 3 items: an identifier, a collection and an output map.`,
    );
  const [identifier, collection, fragment] = declaration as [unknown, unknown, unknown];
  if (typeof identifier !== 'string' || !/^[A-Za-z0-9]+$/.test(identifier))
    throw languageExtensionsFailure(`The identifier of ${where} must be an alphanumeric string.`);
  if (!isPlainObject(fragment))
    throw languageExtensionsFailure(`The output of ${where} must be a map of output keys to values.`);
  if (walk.depth >= MAX_LOOP_DEPTH)
    throw languageExtensionsFailure(`${where} is nested more than ${MAX_LOOP_DEPTH} loops deep.`);
  const items = forEachCollection(substitute(collection, walk, false), walk.identifiers, walk.collections, where);
  const entries: Array<[string, unknown]> = [];
  for (const item of items) {
    const inner: Walk = {
      ...walk,
      identifiers: new Map(walk.identifiers).set(identifier, item),
      depth: walk.depth + 1,
      path: `${walk.path}/${key}`,
    };
    for (const [outputKey, value] of Object.entries(fragment)) {
      if (outputKey.startsWith(FOR_EACH_PREFIX)) {
        entries.push(...expandLoop(outputKey, value, inner, expandEntry));
        continue;
      }
      if (!mentionsIdentifier(outputKey, identifier))
        throw languageExtensionsFailure(
          `The output key ${outputKey} of ${where} must contain \${${identifier}} or &{${identifier}}.`,
        );
      const produced = replacePlaceholders(outputKey, inner.identifiers);
      entries.push([produced, expandEntry(value, { ...inner, path: `${inner.path}/${produced}` })]);
    }
  }
  return entries;
}

/** A resource body: loops may sit anywhere in its Properties, nowhere else. */
function expandResource(body: unknown, walk: Walk): unknown {
  if (!isPlainObject(body)) return substitute(body, walk, false);
  const result = new Map<string, unknown>();
  for (const [key, value] of Object.entries(body)) {
    result.set(key, substitute(value, { ...walk, path: `${walk.path}/${key}` }, key === 'Properties'));
  }
  return Object.fromEntries(result);
}

/** An output or a condition: identifiers are replaced, no loop may sit inside. */
function expandPlainValue(value: unknown, walk: Walk): unknown {
  return substitute(value, walk, false);
}

/** Replaces the identifiers in scope in `Ref`s and `Fn::Sub` strings; expands loops where `loopsAllowed`. */
function substitute(value: unknown, walk: Walk, loopsAllowed: boolean): unknown {
  if (Array.isArray(value))
    return value.map((item, index) => substitute(item, { ...walk, path: `${walk.path}/${index}` }, loopsAllowed));
  if (!isPlainObject(value)) return value;
  const replaced = substituteIntrinsic(value, walk.identifiers, (nested) => substitute(nested, walk, loopsAllowed));
  if (replaced !== undefined) return replaced;
  if (!loopsAllowed) {
    const loop = Object.keys(value).find((key) => key.startsWith(FOR_EACH_PREFIX));
    if (loop !== undefined)
      throw languageExtensionsFailure(
        `${loop} at ${walk.path} is not allowed there: Fn::ForEach may be used in Conditions, Resources, Outputs and resource properties.`,
      );
  }
  return expandMap(value, walk, (item, inner) => substitute(item, inner, loopsAllowed));
}
