import type Database from 'better-sqlite3';
import type { ChecksumAlgorithm, Checksums } from './checksums.ts';
import { s3Errors } from './s3-errors.ts';
import type { Tag } from './s3-tags.ts';
import { statement } from '../../state/statements.ts';

/** A multipart upload in progress. */
export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  contentType: string | undefined;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  checksumAlgorithm: ChecksumAlgorithm | undefined;
  /** `FULL_OBJECT` or `COMPOSITE` (the default) for the completed object's checksum. */
  checksumType: string | undefined;
  initiated: string;
  /** `x-amz-tagging` of CreateMultipartUpload: the completed object's tags. */
  tags: Tag[];
}

/** One uploaded part; `file` is its path under the uploads folder. */
export interface PartRecord {
  partNumber: number;
  file: string;
  size: number;
  md5: string;
  checksums: Checksums;
  lastModified: string;
}

/** Multipart uploads and their parts in SQLite. */
export class MultipartStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Records a new upload. */
  create(upload: UploadRecord): void {
    statement(
      this.#db,
      `INSERT INTO s3_uploads (upload_id, bucket, key, content_type, headers, metadata, checksum_algorithm, checksum_type, initiated, tags)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      upload.uploadId,
      upload.bucket,
      upload.key,
      upload.contentType ?? null,
      JSON.stringify(upload.headers),
      JSON.stringify(upload.metadata),
      upload.checksumAlgorithm ?? null,
      upload.checksumType ?? null,
      upload.initiated,
      JSON.stringify(upload.tags),
    );
  }

  /** The upload for this bucket/key, or NoSuchUpload. */
  get(bucket: string, key: string, uploadId: string): UploadRecord {
    const row = statement(this.#db, 'SELECT * FROM s3_uploads WHERE upload_id = ? AND bucket = ? AND key = ?').get(
      uploadId,
      bucket,
      key,
    ) as Record<string, string | null> | undefined;
    if (!row) throw s3Errors.noSuchUpload(uploadId);
    return toUpload(row);
  }

  /** Uploads in a bucket, by key then initiation. */
  list(bucket: string, prefix: string): UploadRecord[] {
    const rows = statement(
      this.#db,
      'SELECT * FROM s3_uploads WHERE bucket = ? AND key >= ? ORDER BY key, initiated',
    ).all(bucket, prefix) as Record<string, string | null>[];
    return rows.map(toUpload).filter((upload) => upload.key.startsWith(prefix));
  }

  /** Every upload id, for sweeping part folders left by a crash. */
  allIds(): Set<string> {
    const rows = statement(this.#db, 'SELECT upload_id FROM s3_uploads').all() as { upload_id: string }[];
    return new Set(rows.map((row) => row.upload_id));
  }

  /** Stores a part; returns the file of the part it replaced, if any. */
  putPart(uploadId: string, part: PartRecord): string | undefined {
    return this.#db.transaction(() => {
      const exists = statement(this.#db, 'SELECT 1 FROM s3_uploads WHERE upload_id = ?').get(uploadId);
      if (!exists) throw s3Errors.noSuchUpload(uploadId);
      const old = statement(this.#db, 'SELECT file FROM s3_parts WHERE upload_id = ? AND part_number = ?').get(
        uploadId,
        part.partNumber,
      ) as { file: string } | undefined;
      statement(
        this.#db,
        `INSERT OR REPLACE INTO s3_parts (upload_id, part_number, file, size, md5, checksums, last_modified)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        uploadId,
        part.partNumber,
        part.file,
        part.size,
        part.md5,
        JSON.stringify(part.checksums),
        part.lastModified,
      );
      return old && old.file !== part.file ? old.file : undefined;
    })();
  }

  /** The parts uploaded so far, by part number. */
  parts(uploadId: string): PartRecord[] {
    const rows = statement(this.#db, 'SELECT * FROM s3_parts WHERE upload_id = ? ORDER BY part_number').all(
      uploadId,
    ) as {
      part_number: number;
      file: string;
      size: number;
      md5: string;
      checksums: string;
      last_modified: string;
    }[];
    return rows.map((row) => ({
      partNumber: row.part_number,
      file: row.file,
      size: row.size,
      md5: row.md5,
      checksums: JSON.parse(row.checksums) as Checksums,
      lastModified: row.last_modified,
    }));
  }

  /** Forgets an upload and its parts (inside the caller's transaction, if any). */
  remove(uploadId: string): void {
    statement(this.#db, 'DELETE FROM s3_parts WHERE upload_id = ?').run(uploadId);
    statement(this.#db, 'DELETE FROM s3_uploads WHERE upload_id = ?').run(uploadId);
  }
}

function toUpload(row: Record<string, string | null>): UploadRecord {
  return {
    uploadId: row.upload_id ?? '',
    bucket: row.bucket ?? '',
    key: row.key ?? '',
    contentType: row.content_type ?? undefined,
    headers: JSON.parse(row.headers ?? '{}') as Record<string, string>,
    metadata: JSON.parse(row.metadata ?? '{}') as Record<string, string>,
    checksumAlgorithm: (row.checksum_algorithm ?? undefined) as ChecksumAlgorithm | undefined,
    checksumType: row.checksum_type ?? undefined,
    initiated: row.initiated ?? '',
    tags: JSON.parse(row.tags ?? '[]') as Tag[],
  };
}
