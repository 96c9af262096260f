import { intrinsicName, isPlainObject } from '@toolkit/intrinsics';

/** Loop identifiers in scope, innermost binding last, each with the item of the current iteration. */
export type LoopIdentifiers = ReadonlyMap<string, string>;

/** `${Name}` or `&{Name}`: the two placeholders Fn::ForEach replaces. */
const PLACEHOLDER = /([$&])\{([^{}]*)\}/g;

/** The item with every character that is not a letter or a digit dropped (what `&{X}` stands for). */
function alphanumericOnly(item: string): string {
  return item.replace(/[^A-Za-z0-9]/g, '');
}

/**
 * Replaces `${X}` and `&{X}` for each identifier X in scope; other placeholders (parameters,
 * resources, `${!Literal}` escapes) stay as they are. `shadowed` names are left alone: an
 * Fn::Sub variable map that defines them wins over the loop.
 */
export function replacePlaceholders(
  text: string,
  identifiers: LoopIdentifiers,
  shadowed: ReadonlySet<string> = new Set(),
): string {
  return text.replace(PLACEHOLDER, (whole, sigil: string, name: string) => {
    const item = identifiers.get(name);
    if (item === undefined || shadowed.has(name)) return whole;
    return sigil === '&' ? alphanumericOnly(item) : item;
  });
}

/** True when `text` holds `${identifier}` or `&{identifier}`. */
export function mentionsIdentifier(text: string, identifier: string): boolean {
  for (const match of text.matchAll(PLACEHOLDER)) if (match[2] === identifier) return true;
  return false;
}

/**
 * `{Ref: X}` of an identifier in scope gives its item; an Fn::Sub string gets its placeholders
 * replaced. Undefined when `value` is neither, so the caller walks it as an ordinary map.
 */
export function substituteIntrinsic(
  value: Record<string, unknown>,
  identifiers: LoopIdentifiers,
  substituteNested: (nested: unknown) => unknown,
): unknown {
  const name = intrinsicName(value);
  if (name === 'Ref') {
    const target = value.Ref;
    return typeof target === 'string' && identifiers.has(target) ? identifiers.get(target) : undefined;
  }
  if (name === 'Fn::GetAtt') return substituteGetAtt(value['Fn::GetAtt'], substituteNested);
  if (name !== 'Fn::Sub') return undefined;
  const args = value['Fn::Sub'];
  if (typeof args === 'string') return { 'Fn::Sub': replacePlaceholders(args, identifiers) };
  if (Array.isArray(args) && args.length === 2 && typeof args[0] === 'string' && isPlainObject(args[1])) {
    const variables = args[1];
    const text = replacePlaceholders(args[0], identifiers, new Set(Object.keys(variables)));
    return { 'Fn::Sub': [text, substituteNested(variables)] };
  }
  return undefined;
}

/**
 * `Fn::GetAtt` whose logical id or attribute is an `Fn::Sub` of the loop's identifiers (as the
 * transform allows): once the identifiers are replaced and no variable is left, the Sub is its text,
 * so the engine sees the plain `[LogicalId, Attribute]` it resolves.
 */
function substituteGetAtt(args: unknown, substituteNested: (nested: unknown) => unknown): unknown {
  if (!Array.isArray(args) || args.length !== 2) return undefined;
  const parts = args.map((part) => {
    const replaced = substituteNested(part);
    const text = isPlainObject(replaced) && intrinsicName(replaced) === 'Fn::Sub' ? replaced['Fn::Sub'] : undefined;
    return typeof text === 'string' && !text.includes('${') ? text : replaced;
  });
  return { 'Fn::GetAtt': parts };
}
