import { findDependencies } from '@toolkit/intrinsics';
import type { OutputRecord } from './model.ts';
import type { ResolutionScope } from './resolution-scope.ts';

/** Scalars and lists as output text: lists join with commas, as CloudFormation shows them. */
function outputText(value: unknown): string {
  if (Array.isArray(value)) return value.map(outputText).join(',');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** What an output reads when it uses a resource whose values are masked (a custom resource that answered NoEcho). */
export const MASKED_OUTPUT = '*****';

/**
 * The template's Outputs whose Condition holds, resolved, with their export names; an output
 * that references a resource in `masked` reads `*****`.
 */
export function resolveOutputs(
  template: Record<string, unknown>,
  scope: ResolutionScope,
  masked: ReadonlySet<string> = new Set(),
): OutputRecord[] {
  const outputs = (template.Outputs ?? {}) as Record<string, Record<string, unknown>>;
  const result: OutputRecord[] = [];
  for (const [key, output] of Object.entries(outputs)) {
    if (!output || typeof output !== 'object') continue;
    if (typeof output.Condition === 'string' && scope.conditions[output.Condition] !== true) continue;
    const hidden = masked.size > 0 && [...findDependencies(output.Value)].some((id) => masked.has(id));
    const value = hidden ? MASKED_OUTPUT : scope.resolve(output.Value);
    const exportSpec = output.Export as { Name?: unknown } | undefined;
    const exportName = exportSpec?.Name === undefined ? undefined : outputText(scope.resolve(exportSpec.Name));
    const description = typeof output.Description === 'string' ? output.Description : undefined;
    result.push({ key, value: outputText(value), description, exportName });
  }
  return result;
}
