import {
  isAlias,
  isDocument,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Alias,
  type Document,
  type Node,
  type Scalar,
} from 'yaml';
import { aliasTargets } from './alias-expansion.ts';
import { intrinsicNameOfTag, longFormKey } from './intrinsic-tags.ts';
import { toPlainValue } from './plain-template.ts';
import type { TemplateNode } from './template-node.ts';

/**
 * What plain data cannot hold of how a template wrote its scalars, for a reader that must see them
 * as Python's loaders do (the SAM transform, whose Deployment ids hash Python's text of the swagger).
 * Each entry is the JSON pointer (RFC 6901) of a place in {@link toPlainTemplate}'s data.
 */
export interface SourceScalarTypes {
  /** Whole numbers written as floats (`2.0`, `1e3`): JavaScript reads `2`, Python a float `2.0`. */
  integralFloats: ReadonlySet<string>;
  /** Mapping keys that were not strings in YAML (`0:`, `true:`): plain data makes them strings, PyYAML does not. */
  nonStringKeys: ReadonlySet<string>;
}

/** No source information: every number as JavaScript reads it, every key a string. */
export const NO_SOURCE_SCALAR_TYPES: SourceScalarTypes = { integralFloats: new Set(), nonStringKeys: new Set() };

// A number written with a fraction or an exponent (the YAML 1.2 core schema's and JSON's float forms).
const FLOAT_FORM = /^[-+]?(?:\d*\.\d*(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)$/;

/** The JSON pointer of a path of keys and indexes. */
export function jsonPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/**
 * The {@link SourceScalarTypes} of a parsed template, at the places {@link toPlainTemplate} puts its
 * values (short tags in their long form, aliases expanded). Other readers of the template never need
 * this: the plain data stays what CloudFormation reads.
 */
export function sourceScalarTypes(source: TemplateNode | Document): SourceScalarTypes {
  const document = isDocument(source) ? source : source.document;
  const found = { integralFloats: new Set<string>(), nonStringKeys: new Set<string>() };
  walk(document.contents, '', { targets: aliasTargets(document), seen: new Set(), found });
  return found;
}

interface Walk {
  targets: ReadonlyMap<Alias, Node>;
  seen: ReadonlySet<unknown>;
  found: { integralFloats: Set<string>; nonStringKeys: Set<string> };
}

function walk(node: unknown, at: string, context: Walk): void {
  if (isAlias(node)) {
    const target = context.targets.get(node);
    // toPlainValue makes a self-referencing alias null: nothing to mark there.
    if (target !== undefined && !context.seen.has(target))
      walk(target, at, { ...context, seen: new Set([...context.seen, target]) });
    return;
  }
  const name = intrinsicNameOfTag((node as { tag?: string } | null)?.tag);
  // A short tag becomes a one-key mapping around its value (`!GetAtt A.B` a list of strings, nothing to mark).
  const inner = name === undefined ? at : `${at}${jsonPointer([longFormKey(name)])}`;
  if (isScalar(node)) {
    if (isIntegralFloat(node)) context.found.integralFloats.add(inner);
  } else if (isSeq(node)) node.items.forEach((item, index) => walk(item, `${inner}${jsonPointer([index])}`, context));
  else if (isMap(node))
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = toPlainValue(pair.key, context.targets, context.seen);
      const child = `${inner}${jsonPointer([String(key)])}`;
      if (typeof key !== 'string') context.found.nonStringKeys.add(child);
      walk(pair.value, child, context);
    }
}

function isIntegralFloat(scalar: Scalar): boolean {
  if (typeof scalar.value !== 'number' || !Number.isInteger(scalar.value)) return false;
  return FLOAT_FORM.test((scalar as { source?: string }).source ?? '');
}
