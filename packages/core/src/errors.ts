/** Where a problem lies: in what the user gave us, or in the toolkit/cloud doing its work. */
export type ErrorSource = 'user' | 'toolkit';

/** A position in an input file, 1-based as editors show it. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * The one error base class. `code` is stable and machine-readable (match on it,
 * never on the message); `source: 'user'` errors print without a stack and exit 2.
 */
export class ToolkitError extends Error {
  readonly code: string;
  readonly source: ErrorSource;
  readonly position: SourcePosition | undefined;

  constructor(
    code: string,
    message: string,
    options: { source?: ErrorSource; position?: SourcePosition; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolkitError';
    this.code = code;
    this.source = options.source ?? 'toolkit';
    this.position = options.position;
  }
}

/** A problem with the user's input (template, flag, config file): exit 2, no stack. */
export class UserInputError extends ToolkitError {
  constructor(code: string, message: string, options: { position?: SourcePosition; cause?: unknown } = {}) {
    super(code, message, { ...options, source: 'user' });
    this.name = 'UserInputError';
  }
}

/** An operation that was tried and failed (a signing job, a rejected deploy): exit 1. */
export class OperationError extends ToolkitError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, source: 'toolkit' });
    this.name = 'OperationError';
  }
}

/** Renders a position the way compilers do, `file:line:col`. */
export function formatPosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}
