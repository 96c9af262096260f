import type { Diagnostic } from '@toolkit/core';
import { isAlias, isMap, isPair, isSeq, visit, type Alias, type Document, type Node } from 'yaml';
import { nodePosition } from './diagnostic-position.ts';

/**
 * How many nodes aliases may add to a template beyond those written. Reading a template
 * expands every alias (as CloudFormation does), so a few lines of nested aliases (a
 * "billion laughs") would otherwise become billions of nodes.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * An error at the most expensive alias when expanding the document's aliases would add more
 * than {@link MAX_ALIAS_EXPANSION} nodes, else undefined. Sizes are counted once per node
 * (memoised), so the check itself stays linear in the written template.
 */
export function aliasExpansionDiagnostic(
  document: Document.Parsed,
  text: string,
  file: string,
): Diagnostic | undefined {
  const targets = aliasTargets(document);
  const sizes = new Map<unknown, { written: number; expanded: number }>();
  const aliases: Array<{ alias: Alias; expanded: number }> = [];
  const measure = (node: unknown): { written: number; expanded: number } => {
    const known = sizes.get(node);
    if (known) return known;
    // Marks the node while it is measured: an alias to an enclosing node (a cycle) adds nothing.
    sizes.set(node, { written: 1, expanded: 1 });
    let size = { written: 1, expanded: 1 };
    if (isAlias(node)) {
      const target = targets.get(node);
      const expanded = target === undefined ? 0 : measure(target).expanded;
      aliases.push({ alias: node, expanded });
      size = { written: 1, expanded: 1 + expanded };
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        for (const child of isPair(item) ? [item.key, item.value] : [item]) {
          if (child === null || typeof child !== 'object') continue;
          const sub = measure(child);
          size.written += sub.written;
          size.expanded += sub.expanded;
        }
      }
    }
    sizes.set(node, size);
    return size;
  };
  if (document.contents === null) return undefined;
  const total = measure(document.contents);
  if (total.expanded - total.written <= MAX_ALIAS_EXPANSION) return undefined;
  const worst = aliases.reduce((a, b) => (b.expanded > a.expanded ? b : a));
  return {
    severity: 'error',
    code: 'TEMPLATE_ALIAS_EXPANSION',
    message: `YAML aliases expand this template by more than ${MAX_ALIAS_EXPANSION} nodes (this alias alone adds ${worst.expanded}); write the repeated parts out instead`,
    position: nodePosition(text, worst.alias as unknown as Node, file),
  };
}

/**
 * The node each alias of the document stands for: the latest node anchored with its name
 * before it, as YAML defines. One walk in document order, where yaml's `Alias.resolve` scans
 * the whole document for every alias (20,000 aliases took minutes).
 */
export function aliasTargets(document: Document): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  visit(document, {
    Node(_, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target !== undefined) targets.set(node, target);
      } else if (typeof node.anchor === 'string') anchors.set(node.anchor, node);
      return undefined;
    },
  });
  return targets;
}
