import { ToolkitError } from '@toolkit/core';

/** Stable codes for why a zip cannot be signed or read as a signed package. */
export type SignedPackageErrorCode =
  | 'ZIP_EMPTY'
  | 'ZIP_NO_EOCD'
  | 'ZIP_TRAILING_DATA'
  | 'ZIP_MULTI_DISK'
  | 'ZIP64_UNSUPPORTED'
  | 'ZIP_BAD_CENTRAL_DIRECTORY'
  | 'ZIP_BAD_ENTRY_NAME'
  | 'ZIP_ALREADY_SIGNED'
  | 'SIG_BAD_ENVELOPE'
  | 'SIG_BAD_OPTIONS';

/**
 * A zip that is not a well-formed package for `toolkit-sig/1`. The package is
 * the user's input, so these are user-sourced errors; match on `code`.
 */
export class SignedPackageError extends ToolkitError {
  declare readonly code: SignedPackageErrorCode;

  constructor(code: SignedPackageErrorCode, message: string) {
    super(code, message, { source: 'user' });
    this.name = 'SignedPackageError';
  }
}
