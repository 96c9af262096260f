import type { Diagnostic } from '@toolkit/core';
import {
  Composer,
  isPair,
  parseDocument,
  Parser,
  visit,
  YAMLParseError,
  type CST,
  type Document,
  type YAMLError,
} from 'yaml';
import { aliasExpansionDiagnostic } from './alias-expansion.ts';
import { positionAt } from './diagnostic-position.ts';
import { intrinsicTags } from './intrinsic-tags.ts';
import { jsonSyntaxError } from './json-syntax-error.ts';
import { excessiveNesting, MAX_NESTING_DEPTH } from './nesting-depth.ts';
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

/**
 * Parses YAML or JSON text with the CloudFormation short tags; never throws. Nesting deeper
 * than {@link MAX_NESTING_DEPTH} is refused before the document is composed (composing
 * recurses), and aliases that would expand without bound are refused before anything
 * expands them.
 */
export function parseTemplateDocument(text: string, file: string): ParsedTemplate {
  const format = detectFormat(text, file);
  const tokens = [...new Parser().parse(text)];
  const tooDeep = excessiveNesting(tokens);
  if (tooDeep !== undefined) {
    const diagnostic: Diagnostic = {
      severity: 'error',
      code: 'TEMPLATE_TOO_DEEP',
      message: `The template nests mappings and lists more than ${MAX_NESTING_DEPTH} levels deep`,
      position: positionAt(text, tooDeep, file),
    };
    return { document: parseDocument(''), format, text, wellFormed: false, diagnostics: [diagnostic] };
  }
  const document = composeDocument(tokens, text);
  const diagnostics: Diagnostic[] = [];
  const json =
    format === 'json' && document.errors.some((e) => e.code !== 'DUPLICATE_KEY') ? jsonSyntaxError(text) : undefined;
  if (json)
    diagnostics.push({
      severity: 'error',
      code: 'TEMPLATE_SYNTAX',
      message: `JSON syntax error: ${json.message}`,
      position: positionAt(text, json.offset, file),
    });
  for (const error of document.errors) {
    if (json && error.code !== 'DUPLICATE_KEY') continue; // JSON.parse's one error, at the character, says it better
    diagnostics.push(syntaxDiagnostic(error, document, text, file, format));
  }
  for (const warning of document.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED') diagnostics.push(unknownTagDiagnostic(warning, text, file));
  }
  let wellFormed = document.errors.length === 0;
  if (wellFormed) {
    const bomb = aliasExpansionDiagnostic(document, text, file);
    if (bomb) {
      diagnostics.push(bomb);
      wellFormed = false;
    } else diagnostics.push(...checkTemplateStructure(document, text, file));
  }
  return { document, format, text, wellFormed, diagnostics };
}

/** What yaml's `parseDocument` does, from tokens already parsed (and checked for depth). */
function composeDocument(tokens: CST.Token[], text: string): Document.Parsed {
  const composer = new Composer({ customTags: intrinsicTags(), prettyErrors: false, keepSourceTokens: false });
  let document: Document.Parsed | undefined;
  for (const composed of composer.compose(tokens, true, text.length)) {
    if (document === undefined) document = composed;
    else {
      document.errors.push(
        new YAMLParseError(
          [composed.range[0], composed.range[1]],
          'MULTIPLE_DOCS',
          'A template is one document; this file holds several',
        ),
      );
      break;
    }
  }
  return document ?? parseDocument('');
}

function syntaxDiagnostic(
  error: YAMLError,
  document: Document.Parsed,
  text: string,
  file: string,
  format: TemplateFormat,
): Diagnostic {
  const kind = format === 'json' ? 'JSON' : 'YAML';
  const message =
    error.code === 'DUPLICATE_KEY'
      ? `Duplicate key '${duplicateKey(document, error.pos[0], text)}': keys in a mapping must be unique`
      : error.message;
  return {
    severity: 'error',
    code: 'TEMPLATE_SYNTAX',
    message: `${kind} syntax error: ${message}`,
    position: positionAt(text, error.pos[0], file),
  };
}

/** The key that starts at `offset`, as written in the mapping (yaml's message does not say). */
function duplicateKey(document: Document.Parsed, offset: number, text: string): string {
  let key: string | undefined;
  visit(document, {
    Pair(_, pair) {
      const range = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (!isPair(pair) || range === undefined || range[0] !== offset) return undefined;
      key = String((pair.key as { value?: unknown }).value ?? text.slice(range[0], range[1]));
      return visit.BREAK;
    },
  });
  return key ?? (text.slice(offset, offset + 200).split(/[:\n]/)[0] ?? '').trim();
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
