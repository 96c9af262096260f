/** Why bytes are not a well-formed toolkit-sig/1 package, named by its message registry entry. */
export type FormatProblemKind =
  | 'ZipEmpty'
  | 'ZipNoEocd'
  | 'ZipTrailingData'
  | 'ZipMultiDisk'
  | 'Zip64Unsupported'
  | 'ZipBadCentralDirectory'
  | 'ZipBadEntryName'
  | 'SignatureBadEnvelope';

/**
 * A malformed zip or envelope, found by the portable reader. It carries the registry entry's
 * name rather than the entry, so browser code need not load the message registry; Node callers
 * get a SignedPackageError instead (`format/signed-package-error.ts`).
 */
export class FormatProblem extends Error {
  constructor(
    readonly kind: FormatProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'FormatProblem';
  }
}
