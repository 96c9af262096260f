import { formatPosition, UserInputError, type ErrorKind, type SourcePosition } from './errors.ts';

/** A finding about an input: libraries return these instead of logging. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  position?: SourcePosition;
}

/** One line per diagnostic: `file:line:col: error CODE: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${formatPosition(d.position)}: ` : '';
  return `${where}${d.severity} ${d.code}: ${d.message}`;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Input that failed validation: carries every diagnostic so the CLI can print them all. */
export class DiagnosticsError extends UserInputError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(kind: ErrorKind, summary: string, diagnostics: readonly Diagnostic[]) {
    super(kind, summary, diagnostics[0]?.position ? { position: diagnostics[0].position } : {});
    this.name = 'DiagnosticsError';
    this.diagnostics = diagnostics;
  }
}
