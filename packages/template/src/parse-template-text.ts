import type { Diagnostic } from '@toolkit/core';
import { hasErrors } from '@toolkit/core';
import { parseTemplateDocument } from './parse-template.ts';
import { plainJsonTemplate } from './plain-json-template.ts';
import { toPlainTemplate } from './plain-template.ts';

/** A template body turned into plain data, or the reasons it could not be. */
export interface PlainTemplateResult {
  /** Long-form plain data; undefined when any error diagnostic was found. */
  template: Record<string, unknown> | undefined;
  diagnostics: Diagnostic[];
}

/** Parses a template body (JSON or YAML, e.g. a TemplateBody) into long-form plain data; never throws. */
export function parseTemplateText(text: string, fileName = 'template'): PlainTemplateResult {
  // JSON the full parser would accept as it is (most machine-written bodies) skips building a YAML document.
  const json = plainJsonTemplate(text);
  if (json !== undefined) return { template: json, diagnostics: [] };
  const parsed = parseTemplateDocument(text, fileName);
  const template = hasErrors(parsed.diagnostics) ? undefined : toPlainTemplate(parsed.document);
  return { template, diagnostics: parsed.diagnostics };
}
