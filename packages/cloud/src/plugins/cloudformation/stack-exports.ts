import type { StackRecord } from './model.ts';
import type { StackStore } from './stack-store.ts';

/** One export: its value and the stack that owns it. */
export interface ExportEntry {
  name: string;
  value: string;
  stackId: string;
  stackName: string;
}

/** Statuses in which a stack's outputs count as exports. */
function exportsLive(stack: StackRecord): boolean {
  return ![
    'DELETE_COMPLETE',
    'REVIEW_IN_PROGRESS',
    'ROLLBACK_COMPLETE',
    'ROLLBACK_IN_PROGRESS',
    'CREATE_IN_PROGRESS',
  ].includes(stack.status);
}

/** Every export in the account and region, by name. */
export function listExports(store: StackStore): Map<string, ExportEntry> {
  const exports = new Map<string, ExportEntry>();
  for (const stack of store.list(false, false)) {
    if (!exportsLive(stack)) continue;
    for (const output of stack.outputs) {
      if (output.exportName !== undefined) {
        exports.set(output.exportName, {
          name: output.exportName,
          value: output.value,
          stackId: stack.stackId,
          stackName: stack.stackName,
        });
      }
    }
  }
  return exports;
}

/** Names of the live stacks that import `exportName`, except `exceptStackId`. */
export function importersOf(store: StackStore, exportName: string, exceptStackId?: string): string[] {
  return store
    .list(false, false)
    .filter(
      (stack) =>
        stack.stackId !== exceptStackId &&
        stack.status !== 'REVIEW_IN_PROGRESS' &&
        (stack.imports ?? []).includes(exportName),
    )
    .map((stack) => stack.stackName);
}
