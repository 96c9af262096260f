import type { Document } from 'yaml';
import type { TemplateFormat } from './parse-template.ts';
import { toPlainTemplate } from './plain-template.ts';
import { applyPendingEdits } from './rewrite-artifact.ts';
import type { TemplateNode } from './template-node.ts';

/**
 * Renders a document through the yaml Document API (comments, key order and
 * short tags kept); JSON templates render as 2-space JSON in key order.
 */
export function renderDocument(document: Document, format: TemplateFormat): string {
  if (format === 'json') return `${JSON.stringify(toPlainTemplate(document), null, 2)}\n`;
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/**
 * The template's text. Unless the document was edited directly since it was
 * parsed, this is the file's own text with only `rewriteArtifact`'s edits, byte for byte.
 */
export function serializeTemplate(node: TemplateNode): string {
  // Just re-parsed from the edited text, the document is that text: rendering it again to
  // compare (a whole YAML stringify) would only confirm it.
  if (applyPendingEdits(node)) return node.text;
  if (renderDocument(node.document, node.format) === node.renderedText) return node.text;
  return renderDocument(node.document, node.format);
}
