import { stringify } from 'yaml';
import type { TemplateFormat } from './parse-template.ts';

/** A value written into a template by a rewrite: a string or a mapping of them, keys in order. */
export type NewValue = string | NewValue[] | { [key: string]: NewValue };

/** How the text around an edit is written. */
export interface TextStyle {
  format: TemplateFormat;
  /** Inside a YAML flow collection (`{…}`), where block syntax is not allowed. */
  flow: boolean;
  /** Column (0-based) of the key the value belongs to. */
  keyColumn: number;
  /** Leading whitespace of the line that holds the key (JSON nesting). */
  lineIndent: string;
  /** The file's line ending. */
  eol: '\n' | '\r\n';
}

/** The text that follows `key:` — a leading space and a scalar, or a newline and an indented block. */
export function renderAfterColon(value: NewValue, style: TextStyle): string {
  if (style.format === 'json') return ` ${renderJson(value, style.lineIndent, style.eol)}`;
  if (style.flow) return ` ${renderFlow(value)}`;
  if (typeof value === 'string') return ` ${yamlScalar(value)}`;
  if (Array.isArray(value)) return ` ${renderFlow(value)}`;
  const indent = ' '.repeat(style.keyColumn + 2);
  return Object.entries(value)
    .map(
      ([key, item]) =>
        `${style.eol}${indent}${key}:${renderAfterColon(item, { ...style, keyColumn: style.keyColumn + 2 })}`,
    )
    .join('');
}

/** A whole `key: value` entry in the given style. */
export function renderEntry(key: string, value: NewValue, style: TextStyle): string {
  const renderedKey = style.format === 'json' ? JSON.stringify(key) : key;
  return `${renderedKey}:${renderAfterColon(value, style)}`;
}

function renderJson(value: NewValue, lineIndent: string, eol: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `${eol}${lineIndent}`);
}

function renderFlow(value: NewValue): string {
  if (typeof value === 'string') return /[,[\]{}#]/.test(value) ? JSON.stringify(value) : yamlScalar(value);
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${key}: ${renderFlow(item)}`)
    .join(', ')}}`;
}

/** A string as a YAML scalar, quoted only when a plain scalar would read differently. */
function yamlScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}
