import type { Diagnostic } from '@toolkit/core';
import { parseDocument, type Document, type YAMLError } from 'yaml';
import { positionAt } from './diagnostic-position.ts';
import { intrinsicTags } from './intrinsic-tags.ts';
import { suggestTag } from './tag-suggestion.ts';
import { checkTemplateStructure } from './template-structure.ts';

/** How a template file is written. */
export type TemplateFormat = 'yaml' | 'json';

/** A template parsed into a yaml Document, with what went wrong. */
export interface ParsedTemplate {
  document: Document.Parsed;
  format: TemplateFormat;
  /** The exact text that was parsed. */
  text: string;
  /** False when the text is not well-formed YAML/JSON (the document is then unusable). */
  wellFormed: boolean;
  diagnostics: Diagnostic[];
}

/** JSON when the file is named `.json` or its first non-blank character opens an object. */
export function detectFormat(text: string, fileName?: string): TemplateFormat {
  if (fileName?.toLowerCase().endsWith('.json')) return 'json';
  return /^\s*\{/.test(text) ? 'json' : 'yaml';
}

/** Parses YAML or JSON text with the CloudFormation short tags; never throws. */
export function parseTemplateDocument(text: string, file: string): ParsedTemplate {
  const format = detectFormat(text, file);
  const document = parseDocument(text, { customTags: intrinsicTags(), prettyErrors: false, keepSourceTokens: false });
  const diagnostics: Diagnostic[] = [];
  for (const error of document.errors) diagnostics.push(syntaxDiagnostic(error, text, file));
  for (const warning of document.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED') diagnostics.push(unknownTagDiagnostic(warning, text, file));
  }
  const wellFormed = document.errors.length === 0;
  if (wellFormed) diagnostics.push(...checkTemplateStructure(document, text, file));
  return { document, format, text, wellFormed, diagnostics };
}

function syntaxDiagnostic(error: YAMLError, text: string, file: string): Diagnostic {
  const kind = detectFormat(text, file) === 'json' ? 'JSON' : 'YAML';
  return {
    severity: 'error',
    code: 'TEMPLATE_SYNTAX',
    message: `${kind} syntax error: ${error.message}`,
    position: positionAt(text, error.pos[0], file),
  };
}

function unknownTagDiagnostic(warning: YAMLError, text: string, file: string): Diagnostic {
  const tag = /Unresolved tag: (\S+)/.exec(warning.message)?.[1] ?? 'tag';
  return {
    severity: 'error',
    code: 'TEMPLATE_UNKNOWN_TAG',
    message: `Unknown tag ${tag}: not a CloudFormation intrinsic function${suggestTag(tag)}`,
    position: positionAt(text, warning.pos[0], file),
  };
}
