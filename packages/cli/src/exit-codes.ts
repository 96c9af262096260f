import { ToolkitError } from '@toolkit/core';

/** Exit codes: 0 success, 1 a failed operation, 2 bad usage or input. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;

/** The exit code an error maps to. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ToolkitError && error.source === 'user') return ExitCode.usage;
  return ExitCode.failed;
}
