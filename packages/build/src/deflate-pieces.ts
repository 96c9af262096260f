import { createHash } from 'node:crypto';

/**
 * How a large entry was deflated a piece (a MiB of input) at a time, remembered beside its
 * zip so that the next build of an edited file can copy the pieces whose input did not
 * change. Piece `i`'s compressed bytes depend only on the level, its raw bytes, the 32 KB
 * before them (the end of piece `i - 1`) and whether it is the last piece (which ends the
 * stream instead of a sync flush): equal digests of pieces `i - 1` and `i`, both zips
 * having a piece after `i`, mean the same bytes as deflating it again.
 */
export interface PieceMap {
  /** The zlib level the pieces were deflated at. */
  level: number;
  /** SHA-256 (base64) of each piece's raw bytes, in order. */
  digests: string[];
  /** Compressed length of each piece, in order; they add up to the entry's compressed size. */
  lengths: number[];
}

/** A file's piece map, as a build records it with the zip (an array, since file names are untrusted keys). */
export type NamedPieceMap = [name: string, pieces: PieceMap];

/** The digest a piece map records for raw piece bytes. */
export function pieceDigest(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('base64');
}

/**
 * True when piece `index` of a file now (digest `digest`, after a piece of digest
 * `before`, and not the file's last) can be copied from the entry `map` describes.
 */
export function pieceReusable(
  map: PieceMap,
  level: number,
  index: number,
  digest: string,
  before: string | undefined,
): boolean {
  return (
    map.level === level &&
    index < map.digests.length - 1 &&
    map.digests[index] === digest &&
    (index === 0 || map.digests[index - 1] === before)
  );
}

/** The piece maps of a stat record read from disk that have the expected shape (an edited index loses only reuse). */
export function validPieceMaps(value: unknown): NamedPieceMap[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is NamedPieceMap =>
      Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && isPieceMap(item[1]),
  );
}

function isPieceMap(value: unknown): value is PieceMap {
  if (typeof value !== 'object' || value === null) return false;
  const { level, digests, lengths } = value as Partial<PieceMap>;
  return (
    Number.isInteger(level) &&
    Array.isArray(digests) &&
    Array.isArray(lengths) &&
    digests.length === lengths.length &&
    digests.every((d) => typeof d === 'string') &&
    lengths.every((n) => Number.isSafeInteger(n) && n > 0)
  );
}
