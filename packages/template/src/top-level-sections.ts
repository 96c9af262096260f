import type { Diagnostic } from '@toolkit/core';
import type { YAMLMap } from 'yaml';
import { nodePosition } from './diagnostic-position.ts';
import { keyString } from './node-access.ts';

/** The top-level sections CloudFormation accepts, plus SAM's `Globals`. */
export const TEMPLATE_SECTIONS: ReadonlySet<string> = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Hooks',
  'Globals',
]);

/** One error per top-level key that is not a template section, in CloudFormation's words. */
export function unknownSectionDiagnostics(root: YAMLMap, text: string, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const pair of root.items) {
    const key = keyString(pair.key);
    if (key !== undefined && TEMPLATE_SECTIONS.has(key)) continue;
    diagnostics.push({
      severity: 'error',
      code: 'TEMPLATE_UNKNOWN_SECTION',
      message: `Template format error: Invalid template property or properties [${key ?? String(pair.key)}]`,
      position: nodePosition(text, pair.key as never, file),
    });
  }
  return diagnostics;
}
