import type { Readable } from 'node:stream';

/** What the blob store knows of a stored body. */
export interface BlobInfo {
  /** Lowercase hex SHA-256 of the content: the blob's name. */
  sha256: string;
  /** Lowercase hex MD5 of the content (S3's ETag for single-part objects). */
  md5: string;
  size: number;
}

/**
 * Content-addressed storage for object bodies and code packages, under
 * `<stateDir>/blobs/`. Bodies stream in and out; nothing is held whole in memory.
 * A blob is durable (fsynced and renamed into place) before `put` resolves.
 */
export interface BlobStore {
  /** Stores a body; `verify` sees its digests first and may refuse it by throwing (nothing is stored then). */
  put(body: Readable | Buffer, verify?: (info: BlobInfo) => void): Promise<BlobInfo>;
  /** A stream of the blob's bytes, optionally an inclusive byte range. */
  read(sha256: string, range?: { start: number; end: number }): Readable;
  /** Whole blob in memory: only for small blobs (templates, zips being signed). */
  readAll(sha256: string): Promise<Buffer>;
  has(sha256: string): boolean;
  /** Filesystem path of a blob, for code that needs random access. */
  pathOf(sha256: string): string;
}
