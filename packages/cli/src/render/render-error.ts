import { DiagnosticsError, formatDiagnostic, formatPosition, ToolkitError } from '@toolkit/core';
import { cliMessage } from './option-flag.ts';

/** The text printed for an error: one clear message for user errors, the stack only with --debug. */
export function renderError(error: unknown, debug: boolean): string {
  if (error instanceof DiagnosticsError) {
    const lines = error.diagnostics.map((d) => formatDiagnostic(d));
    return `${lines.join('\n')}\n${error.message}\n${debug ? `${error.stack}\n` : ''}`;
  }
  if (error instanceof ToolkitError) {
    const message = cliMessage(error);
    const where =
      error.position && !message.includes(formatPosition(error.position)) ? `${formatPosition(error.position)}: ` : '';
    return `error: ${where}${message}\n${debug ? `${error.stack}\n` : ''}`;
  }
  const text = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && debug ? `${error.stack}\n` : 'Run with --debug for the stack trace.\n';
  return `error: ${text}\n${stack}`;
}

/** The one JSON document `--json` prints on stdout for a failure: `{"error":{"code","message","exitCode"}}`. */
export function renderJsonError(error: unknown, exitCode: number): string {
  const code =
    error instanceof ToolkitError
      ? error.code
      : error instanceof Error && error.name !== 'Error'
        ? error.name
        : 'InternalError';
  const message = error instanceof Error ? cliMessage(error) : String(error);
  return `${JSON.stringify({ error: { code, message, exitCode } }, null, 2)}\n`;
}
