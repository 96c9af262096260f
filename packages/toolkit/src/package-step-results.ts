import { ToolkitError, messages } from '@toolkit/core';

/**
 * Pairs each entry with its result, for steps whose results keep the input order
 * (building, signing). A result missing or out of place is a bug, reported as one
 * rather than passed on as a wrong artifact.
 */
export function pairInOrder<E extends { id: string }, R extends { id: string }>(
  step: string,
  entries: readonly E[],
  results: readonly R[],
): [E, R][] {
  if (results.length !== entries.length) {
    throw new ToolkitError(
      messages.PackageStepMismatch,
      `${step} returned ${results.length} result(s) for ${entries.length} artifact(s)`,
    );
  }
  return entries.map((entry, i) => {
    const result = results[i];
    if (result?.id !== entry.id)
      throw new ToolkitError(
        messages.PackageStepMismatch,
        `${step} returned ${result?.id ?? 'nothing'} where ${entry.id} was expected`,
      );
    return [entry, result];
  });
}
