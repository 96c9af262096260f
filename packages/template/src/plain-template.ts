import { isAlias, isDocument, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';
import { aliasTargets } from './alias-expansion.ts';
import { intrinsicNameOfTag, longFormKey } from './intrinsic-tags.ts';
import type { TemplateNode } from './template-node.ts';

/**
 * The template as plain JS data with every short tag in its long form
 * (`!GetAtt A.B.C` → `{"Fn::GetAtt": ["A", "B.C"]}`), as the CloudFormation engine reads it.
 */
export function toPlainTemplate(source: TemplateNode | Document): Record<string, unknown> {
  const document = isDocument(source) ? source : source.document;
  const value = toPlainValue(document.contents, aliasTargets(document));
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A whole document as plain JS data, whatever its top value (a mapping, a list or a scalar): an included snippet. */
export function toPlainDocumentValue(document: Document): unknown {
  return toPlainValue(document.contents, aliasTargets(document));
}

/** One yaml node as plain JS data with long-form intrinsics; `targets` are the document's {@link aliasTargets}. */
export function toPlainValue(
  node: unknown,
  targets: ReadonlyMap<Alias, Node>,
  seen: ReadonlySet<unknown> = new Set(),
): unknown {
  if (isAlias(node)) {
    const target = targets.get(node);
    // A self-referencing alias cannot become plain data; stop rather than loop.
    return target === undefined || seen.has(target) ? null : toPlainValue(target, targets, new Set([...seen, target]));
  }
  const plain = untaggedValue(node, targets, seen);
  const name = intrinsicNameOfTag((node as { tag?: string } | null)?.tag);
  if (name === undefined) return plain;
  if (name === 'GetAtt' && typeof plain === 'string') return { [longFormKey(name)]: splitGetAtt(plain) };
  return { [longFormKey(name)]: plain };
}

function untaggedValue(node: unknown, targets: ReadonlyMap<Alias, Node>, seen: ReadonlySet<unknown>): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => toPlainValue(item, targets, seen));
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = String(toPlainValue(pair.key, targets, seen));
      const value = toPlainValue(pair.value, targets, seen);
      // A template key `__proto__` is data: defined, since assigning it would replace the object's prototype.
      if (key === '__proto__')
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      else result[key] = value;
    }
    return result;
  }
  return node ?? null;
}

/** `A.B.C` → `["A", "B.C"]`: the logical id ends at the first dot. */
function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}
