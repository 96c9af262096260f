import { ToolkitError, messages } from '@toolkit/core';
import { FormatProblem } from '../portable/format-problem.ts';

/** The registry entries for why a zip cannot be signed or read as a signed package. */
export type SignedPackageErrorKind = (typeof messages)[
  | 'ZipEmpty'
  | 'ZipNoEocd'
  | 'ZipTrailingData'
  | 'ZipMultiDisk'
  | 'Zip64Unsupported'
  | 'ZipBadCentralDirectory'
  | 'ZipBadEntryName'
  | 'ZipAlreadySigned'
  | 'SignatureBadEnvelope'
  | 'SignatureBadOptions'];

/**
 * A zip that is not a well-formed package for `toolkit-sig/1`. The package is
 * the user's input, so these are user-sourced errors; match with `messages.X.is(error)`.
 */
export class SignedPackageError extends ToolkitError {
  constructor(kind: SignedPackageErrorKind, message: string) {
    super(kind, message, { source: 'user' });
    this.name = 'SignedPackageError';
  }
}

/** Runs a portable reader, turning its FormatProblem into the SignedPackageError of the same registry entry. */
export function asSignedPackageError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FormatProblem) throw new SignedPackageError(messages[error.kind], error.message);
    throw error;
  }
}
