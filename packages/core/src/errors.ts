import type { MessageCode } from './io-host.ts';

/** Where a problem lies: in what the user gave us, or in the toolkit/cloud doing its work. */
export type ErrorSource = 'user' | 'toolkit';

/** A position in an input file, 1-based as editors show it. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** The template package's own codes (`TEMPLATE_…`, `INTRINSIC_…`), kept until they are registered. */
export type TemplateErrorCode = `TEMPLATE_${string}` | `INTRINSIC_${string}`;

/** The code of an error: a registered `TOOLKIT_E…` code (see `messages`) or a template package code. */
export type ErrorCode = MessageCode | TemplateErrorCode;

/**
 * What an error is made from: an error entry of the registry (`messages.MissingStackName`),
 * another error whose code it keeps, or a template code.
 */
export type ErrorKind =
  | { readonly code: MessageCode; readonly level: 'error' }
  | { readonly code: ErrorCode; readonly source: ErrorSource }
  | TemplateErrorCode;

/**
 * The one error base class. `code` is stable and machine-readable (match on it with
 * `messages.X.is(error)`, never on the message); `source: 'user'` errors print without a
 * stack and exit 2.
 */
export class ToolkitError extends Error {
  readonly code: ErrorCode;
  readonly source: ErrorSource;
  readonly position: SourcePosition | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { source?: ErrorSource; position?: SourcePosition; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolkitError';
    this.code = typeof kind === 'string' ? kind : kind.code;
    this.source = options.source ?? 'toolkit';
    this.position = options.position;
  }
}

/** A problem with the user's input (template, flag, config file): exit 2, no stack. */
export class UserInputError extends ToolkitError {
  constructor(kind: ErrorKind, message: string, options: { position?: SourcePosition; cause?: unknown } = {}) {
    super(kind, message, { ...options, source: 'user' });
    this.name = 'UserInputError';
  }
}

/** An operation that was tried and failed (a signing job, a rejected deploy): exit 1. */
export class OperationError extends ToolkitError {
  constructor(kind: ErrorKind, message: string, options: { cause?: unknown } = {}) {
    super(kind, message, { ...options, source: 'toolkit' });
    this.name = 'OperationError';
  }
}

/** Renders a position the way compilers do, `file:line:col`. */
export function formatPosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}
