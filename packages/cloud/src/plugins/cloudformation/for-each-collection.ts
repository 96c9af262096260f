import { IntrinsicError, intrinsicName, resolveIntrinsics, type IntrinsicContext } from '@toolkit/intrinsics';
import { languageExtensionsFailure } from './for-each-declarations.ts';
import type { LoopIdentifiers } from './for-each-substitution.ts';
import { isListType, parameterDeclarations } from './parameters.ts';

/** What a loop's collection may read: parameters (the stack's values, else defaults), pseudo parameters, mappings. */
export type CollectionScope = Pick<IntrinsicContext, 'parameters' | 'pseudoParameters' | 'mappings'>;

/** Functions a collection may call: they resolve before any resource exists. */
const COLLECTION_FUNCTIONS = new Set(['Ref', 'Fn::FindInMap', 'Fn::Split']);

/** Who the stack is for, as the transform knows it before the stack has resources. */
export interface CollectionSource {
  region: string;
  accountId: string;
  stackName: string;
  parameterValues?: Record<string, unknown>;
}

/** The parameter values a collection sees: the given value, else the default; list types as string lists. */
export function collectionScope(template: Record<string, unknown>, source: CollectionSource): CollectionScope {
  const parameters = new Map<string, unknown>();
  for (const [key, declaration] of Object.entries(parameterDeclarations(template))) {
    const given = source.parameterValues?.[key];
    const value = given ?? declaration?.Default;
    if (value === undefined) continue;
    const text = String(value);
    parameters.set(
      key,
      isListType(String(declaration?.Type ?? 'String')) ? (text === '' ? [] : text.split(',')) : text,
    );
  }
  const mappings = template.Mappings;
  return {
    parameters: Object.fromEntries(parameters),
    // The stack has no id while its template is processed; a collection has no use for one.
    pseudoParameters: { region: source.region, accountId: source.accountId, stackName: source.stackName, stackId: '' },
    mappings:
      mappings && typeof mappings === 'object' && !Array.isArray(mappings) ? (mappings as Record<string, unknown>) : {},
  };
}

/**
 * The items a loop iterates over: a literal list of strings, or a `Ref` to a list parameter,
 * `Fn::FindInMap` or `Fn::Split` that resolves to one. `collection` has the outer loops'
 * identifiers already replaced.
 */
export function forEachCollection(
  collection: unknown,
  identifiers: LoopIdentifiers,
  scope: CollectionScope,
  where: string,
): string[] {
  let value = collection;
  const name = intrinsicName(collection);
  if (name !== undefined) {
    if (!COLLECTION_FUNCTIONS.has(name))
      throw languageExtensionsFailure(
        `The collection of ${where} must be a list of strings, or a Ref, Fn::FindInMap or Fn::Split giving one; ${name} is not supported there.`,
      );
    try {
      value = resolveIntrinsics(collection, {
        ...scope,
        parameters: { ...scope.parameters, ...Object.fromEntries(identifiers) },
      });
    } catch (error) {
      if (!(error instanceof IntrinsicError)) throw error;
      throw languageExtensionsFailure(`The collection of ${where} could not be resolved: ${error.message}`);
    }
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw languageExtensionsFailure(
      `The collection of ${where} must be a list of strings${name === undefined ? '' : `, but ${name} gave ${JSON.stringify(value)}`}.`,
    );
  return value;
}
