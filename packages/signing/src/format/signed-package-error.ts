import { ToolkitError, type messages } from '@toolkit/core';

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
