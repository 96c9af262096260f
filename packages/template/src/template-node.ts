import type { Document } from 'yaml';
import { mapEntries, mapValue } from './node-access.ts';
import type { TemplateFormat } from './parse-template.ts';

/** A replacement of `text[start, end)`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** One template file of a tree: the root, or a nested stack's template. */
export interface TemplateNode {
  /** Absolute path of the template file. */
  file: string;
  /** Logical ids of the nested stack resources leading here; `[]` for the root. */
  stackPath: string[];
  document: Document.Parsed;
  format: TemplateFormat;
  /** Nested templates by the logical id of the resource that points at them. */
  children: Map<string, TemplateNode>;
  /** The current text of the template; `rewriteArtifact` edits it in place of re-rendering. */
  text: string;
  /** How `document` rendered when `text` was last parsed: tells whether the document was edited since. */
  renderedText: string;
  /**
   * Rewrites not yet applied to `text`: each is planned against the current text and
   * document, and all are applied with one re-parse when the text is next needed
   * (so rewriting N artifacts costs one parse, not N).
   */
  pendingEdits?: TextEdit[];
  /**
   * Entries of the mappings that per-item artifacts of `Fn::ForEach` loops go into (mapping →
   * item → property → location), written into `Mappings` with the pending edits.
   */
  pendingMappings?: Map<string, Map<string, Record<string, string>>>;
}

/** The names the template declares in `Parameters`, in document order, read from the parsed document. */
export function declaredParameterNames(node: Pick<TemplateNode, 'document'>): string[] {
  return mapEntries(mapValue(node.document.contents, 'Parameters')).map((entry) => entry.key);
}
