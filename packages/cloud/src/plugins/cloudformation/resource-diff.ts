import type { Replacement } from './model.ts';
import { sameValue } from './providers/property-values.ts';
import type { RequiresRecreation, ResourceProvider } from './providers/provider.ts';

/** One changed top-level property and how its change applies. */
export interface PropertyChange {
  name: string;
  requiresRecreation: RequiresRecreation;
}

/** The top-level properties whose values differ (scalars compared as text). */
export function changedProperties(
  provider: ResourceProvider,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): PropertyChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names
    .filter((name) => !sameValue(before[name], after[name]))
    .map((name) => ({ name, requiresRecreation: provider.requiresRecreation(name) }));
}

/** Whether applying these changes replaces the resource, decided with the actual values. */
export function replacesResource(
  provider: ResourceProvider,
  changes: readonly PropertyChange[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): boolean {
  if (provider.update === undefined && changes.length > 0) return true;
  return changes.some(
    (change) =>
      change.requiresRecreation === 'Always' ||
      (change.requiresRecreation === 'Conditionally' &&
        (provider.replacesOnConditional?.(change.name, before[change.name], after[change.name]) ?? true)),
  );
}

/** DescribeChangeSet's Replacement for a set of property changes, some of them dynamic. */
export function replacementOf(changes: readonly (PropertyChange & { dynamic: boolean })[]): Replacement {
  if (changes.some((change) => change.requiresRecreation === 'Always' && !change.dynamic)) return 'True';
  if (changes.some((change) => change.requiresRecreation !== 'Never')) return 'Conditional';
  return 'False';
}
