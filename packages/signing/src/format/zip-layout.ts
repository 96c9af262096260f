import {
  readZipLayout as readLayoutBytes,
  readZipTail as readTailBytes,
  ZIP_TAIL_BYTES,
  type ZipLayout as ZipLayoutBytes,
} from '../portable/zip-reader.ts';
import { asSignedPackageError } from './signed-package-error.ts';

export { ZIP_TAIL_BYTES };

/** Where the parts of a zip lie, as its End-Of-Central-Directory record says (the comment as a Buffer). */
export interface ZipLayout extends Omit<ZipLayoutBytes, 'comment'> {
  comment: Buffer;
}

/** A zip's EOCD comment read from its last bytes only (at most ZIP_TAIL_BYTES of them). */
export interface ZipTail {
  /** Offset of the EOCD comment-length field, counted from the start of `tail`. */
  commentLengthOffset: number;
  comment: Buffer;
}

/**
 * Reads and checks a zip's structure (see `portable/zip-reader.ts`); throws SignedPackageError
 * for a malformed zip. ZIP64 and multi-disk archives are refused.
 */
export function readZipLayout(zip: Buffer): ZipLayout {
  const layout = asSignedPackageError(() => readLayoutBytes(zip));
  return { ...layout, comment: asBuffer(layout.comment) };
}

/** Finds the EOCD comment in the last bytes of a zip; throws SignedPackageError like readZipLayout when there is none. */
export function readZipTail(tail: Buffer): ZipTail {
  const found = asSignedPackageError(() => readTailBytes(tail));
  return { commentLengthOffset: found.commentLengthOffset, comment: asBuffer(found.comment) };
}

/** The same bytes as a Buffer, without a copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
