import { IntrinsicError, intrinsicName, isPlainObject, resolveIntrinsics } from '@toolkit/intrinsics';
import type { CollectionScope } from './for-each-collection.ts';
import { languageExtensionsFailure } from './for-each-declarations.ts';
import { parameterDeclarations } from './parameters.ts';

/** The sections whose `Fn::FindInMap` lookups the transform replaces by their values. */
const SECTIONS_WITH_LOOKUPS = ['Resources', 'Outputs'] as const;

/** Pseudo parameters whose values are known while the template is transformed (the stack id is not yet). */
const KNOWN_PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** What a lookup may read, and whether a miss there is certain to be evaluated. */
interface Lookup {
  scope: CollectionScope;
  /** Parameters whose value may be read as a key: declared, with a value, not `NoEcho`. */
  readable: ReadonlySet<string>;
  /** Inside an Fn::If branch, a DefaultValue or a conditional entry: the engine may never evaluate it. */
  conditional: boolean;
}

/**
 * The `AWS::LanguageExtensions` transform's `Fn::FindInMap`, after loops expand: every lookup in
 * Resources and Outputs whose map name and keys are literal (or a `Ref` to a parameter or a pseudo
 * parameter known now) becomes the value found, or its `DefaultValue` when the keys are absent.
 * Lookups with other arguments stay for the engine to resolve. A certain miss without a default
 * throws the transform failure a change set reports as its FAILED reason.
 */
export function resolveFindInMapLookups(
  template: Record<string, unknown>,
  scope: CollectionScope,
): Record<string, unknown> {
  const readable = new Set(
    Object.entries(parameterDeclarations(template))
      .filter(([name, declaration]) => !isNoEcho(declaration?.NoEcho) && Object.hasOwn(scope.parameters, name))
      .map(([name]) => name),
  );
  const output: Record<string, unknown> = { ...template };
  for (const section of SECTIONS_WITH_LOOKUPS) {
    const entries = template[section];
    if (!isPlainObject(entries)) continue;
    const resolved = new Map<string, unknown>();
    for (const [key, entry] of Object.entries(entries)) {
      const conditional = isPlainObject(entry) && entry.Condition !== undefined;
      resolved.set(key, resolveLookups(entry, { scope, readable, conditional }));
    }
    output[section] = Object.fromEntries(resolved);
  }
  return output;
}

/** A NoEcho parameter's value is kept out of the processed template, which GetTemplate shows. */
function isNoEcho(value: unknown): boolean {
  return value === true || String(value).toLowerCase() === 'true';
}

/** `value` with its resolvable lookups replaced, innermost first (a lookup may feed another's keys). */
function resolveLookups(value: unknown, lookup: Lookup): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveLookups(item, lookup));
  if (!isPlainObject(value)) return value;
  const name = intrinsicName(value);
  if (name === 'Fn::FindInMap') return resolveFindInMap(value, lookup);
  const inner = name === 'Fn::If' ? { ...lookup, conditional: true } : lookup;
  const result = new Map<string, unknown>();
  for (const [key, item] of Object.entries(value)) result.set(key, resolveLookups(item, inner));
  return Object.fromEntries(result);
}

/**
 * The value one lookup gives, or the lookup (its nested lookups resolved) left for the engine,
 * which also words what is wrong with arguments of the wrong shape.
 */
function resolveFindInMap(value: Record<string, unknown>, lookup: Lookup): unknown {
  const args = value['Fn::FindInMap'];
  if (!Array.isArray(args) || args.length < 3 || args.length > 4) return value;
  const keys = args.slice(0, 3).map((arg) => resolveLookups(arg, lookup));
  const options = args.length === 4 ? resolveLookups(args[3], { ...lookup, conditional: true }) : undefined;
  const left = { 'Fn::FindInMap': options === undefined ? keys : [...keys, options] };
  const literal = keys.map((key) => literalKey(key, lookup));
  if (literal.some((key) => key === undefined)) return left;
  const hasDefault = isPlainObject(options) && Object.hasOwn(options, 'DefaultValue');
  if (options !== undefined && !hasDefault) return left;
  try {
    // The engine's own lookup, so a miss reads as it does without the transform.
    return resolveIntrinsics({ 'Fn::FindInMap': literal }, lookup.scope);
  } catch (error) {
    if (!(error instanceof IntrinsicError) || error.code !== 'INTRINSIC_MAPPING_NOT_FOUND') throw error;
    if (hasDefault) return options.DefaultValue;
    if (lookup.conditional) return left;
    throw languageExtensionsFailure(error.message);
  }
}

/** A key as text: a string, or the value of a `Ref` to a readable parameter or a known pseudo parameter. */
function literalKey(key: unknown, lookup: Lookup): string | undefined {
  if (typeof key === 'string') return key;
  if (!isPlainObject(key) || intrinsicName(key) !== 'Ref' || typeof key.Ref !== 'string') return undefined;
  const target = key.Ref;
  if (!lookup.readable.has(target) && !KNOWN_PSEUDO_PARAMETERS.has(target)) return undefined;
  const value = resolveIntrinsics(key, lookup.scope);
  return typeof value === 'string' ? value : undefined;
}
