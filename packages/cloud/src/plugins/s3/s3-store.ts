import type Database from 'better-sqlite3';
import type { Checksums } from './checksums.ts';
import type { Tag } from './s3-tags.ts';
import { s3Errors } from './s3-errors.ts';
import { newVersionId } from './s3-names.ts';
import { statement } from '../../state/statements.ts';

/** A bucket's versioning state: never set, Enabled, or Suspended. */
export type VersioningStatus = 'Enabled' | 'Suspended' | undefined;

/** One bucket. */
export interface BucketRecord {
  name: string;
  region: string;
  createdAt: string;
  versioning: VersioningStatus;
}

/** One version of a key (or a delete marker). `versionId` is `'null'` for the null version. */
export interface ObjectVersion {
  seq: number;
  bucket: string;
  key: string;
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
  sha256: string | null;
  size: number;
  /** Quoted, as S3 sends it. */
  etag: string;
  contentType: string | undefined;
  /** Stored representation headers: content-encoding, content-disposition, cache-control, … */
  headers: Record<string, string>;
  /** User metadata, names without `x-amz-meta-`. */
  metadata: Record<string, string>;
  checksums: Checksums;
  checksumType: string | undefined;
  partsCount: number | undefined;
  lastModified: string;
  /** The object's tags, in the order they were given. */
  tags: Tag[];
}

/** What a write stores: everything but the fields the store assigns; no `tags` is no tags. */
export type NewObject = Omit<
  ObjectVersion,
  'seq' | 'bucket' | 'key' | 'versionId' | 'isLatest' | 'deleteMarker' | 'lastModified' | 'tags'
> & {
  tags?: Tag[];
};

interface ObjectRow {
  seq: number;
  bucket: string;
  key: string;
  version_id: string;
  is_latest: number;
  delete_marker: number;
  sha256: string | null;
  size: number;
  etag: string;
  content_type: string | null;
  headers: string;
  metadata: string;
  checksums: string;
  checksum_type: string | null;
  parts_count: number | null;
  last_modified: string;
  tags: string;
}

/** Buckets and object versions in SQLite. Every write runs in one transaction. */
export class S3Store {
  readonly #db: Database.Database;
  readonly #now: () => Date;

  constructor(db: Database.Database, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  /** The bucket, or undefined. */
  findBucket(name: string): BucketRecord | undefined {
    const row = statement(this.#db, 'SELECT name, region, created_at, versioning FROM s3_buckets WHERE name = ?').get(
      name,
    ) as { name: string; region: string; created_at: string; versioning: string | null } | undefined;
    if (!row) return undefined;
    return {
      name: row.name,
      region: row.region,
      createdAt: row.created_at,
      versioning: (row.versioning ?? undefined) as VersioningStatus,
    };
  }

  /** The bucket, or NoSuchBucket. */
  bucket(name: string): BucketRecord {
    const bucket = this.findBucket(name);
    if (!bucket) throw s3Errors.noSuchBucket(name);
    return bucket;
  }

  /** Every bucket, by name. */
  listBuckets(): BucketRecord[] {
    const rows = statement(this.#db, 'SELECT name FROM s3_buckets ORDER BY name').all() as { name: string }[];
    return rows.map((row) => this.bucket(row.name));
  }

  /** Creates a bucket; BucketAlreadyOwnedByYou when it exists. */
  createBucket(name: string, region: string): void {
    this.#db.transaction(() => {
      if (this.findBucket(name)) throw s3Errors.bucketAlreadyOwnedByYou(name);
      statement(this.#db, 'INSERT INTO s3_buckets (name, region, created_at) VALUES (?, ?, ?)').run(
        name,
        region,
        this.#now().toISOString(),
      );
    })();
  }

  /** Deletes an empty bucket (pending multipart uploads go with it). */
  deleteBucket(name: string): string[] {
    return this.#db.transaction(() => {
      const bucket = this.bucket(name);
      const any = statement(this.#db, 'SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').get(name);
      if (any) throw s3Errors.bucketNotEmpty(name, bucket.versioning !== undefined);
      const uploads = statement(this.#db, 'SELECT upload_id FROM s3_uploads WHERE bucket = ?').all(name) as {
        upload_id: string;
      }[];
      statement(this.#db, 'DELETE FROM s3_uploads WHERE bucket = ?').run(name);
      statement(this.#db, 'DELETE FROM s3_buckets WHERE name = ?').run(name);
      return uploads.map((upload) => upload.upload_id);
    })();
  }

  /** Sets versioning to Enabled or Suspended. */
  setVersioning(name: string, status: 'Enabled' | 'Suspended'): void {
    this.#db.transaction(() => {
      this.bucket(name);
      statement(this.#db, 'UPDATE s3_buckets SET versioning = ? WHERE name = ?').run(status, name);
    })();
  }

  /** The current version of a key (maybe a delete marker), or undefined. */
  latest(bucket: string, key: string): ObjectVersion | undefined {
    const row = statement(this.#db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND is_latest = 1').get(
      bucket,
      key,
    ) as ObjectRow | undefined;
    return row && toVersion(row);
  }

  /** One version of a key, or undefined. */
  version(bucket: string, key: string, versionId: string): ObjectVersion | undefined {
    const row = statement(this.#db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?').get(
      bucket,
      key,
      versionId,
    ) as ObjectRow | undefined;
    return row && toVersion(row);
  }

  /**
   * Stores a new current version: a fresh version id when versioning is Enabled,
   * else the `null` version, replacing the previous one.
   */
  putVersion(bucketName: string, key: string, object: NewObject, deleteMarker = false): ObjectVersion {
    return this.#db.transaction(() => {
      const bucket = this.bucket(bucketName);
      const versionId = bucket.versioning === 'Enabled' ? newVersionId() : 'null';
      if (versionId === 'null')
        statement(this.#db, "DELETE FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = 'null'").run(
          bucketName,
          key,
        );
      statement(this.#db, 'UPDATE s3_objects SET is_latest = 0 WHERE bucket = ? AND key = ? AND is_latest = 1').run(
        bucketName,
        key,
      );
      const lastModified = this.#now().toISOString();
      const info = statement(
        this.#db,
        `INSERT INTO s3_objects (bucket, key, version_id, is_latest, delete_marker, sha256, size, etag, content_type,
             headers, metadata, checksums, checksum_type, parts_count, last_modified, tags)
           VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        bucketName,
        key,
        versionId,
        deleteMarker ? 1 : 0,
        object.sha256,
        object.size,
        object.etag,
        object.contentType ?? null,
        JSON.stringify(object.headers),
        JSON.stringify(object.metadata),
        JSON.stringify(object.checksums),
        object.checksumType ?? null,
        object.partsCount ?? null,
        lastModified,
        JSON.stringify(object.tags ?? []),
      );
      return {
        ...object,
        tags: object.tags ?? [],
        seq: Number(info.lastInsertRowid),
        bucket: bucketName,
        key,
        versionId,
        isLatest: true,
        deleteMarker,
        lastModified,
      };
    })();
  }

  /** Replaces the tag set of one version (by its `seq`). */
  setTags(seq: number, tags: readonly Tag[]): void {
    statement(this.#db, 'UPDATE s3_objects SET tags = ? WHERE seq = ?').run(JSON.stringify(tags), seq);
  }

  /** Removes one version for good; the newest remaining one becomes current. */
  deleteVersion(bucket: string, key: string, versionId: string): ObjectVersion | undefined {
    return this.#db.transaction(() => {
      const existing = this.version(bucket, key, versionId);
      if (!existing) return undefined;
      statement(this.#db, 'DELETE FROM s3_objects WHERE seq = ?').run(existing.seq);
      if (existing.isLatest) {
        statement(
          this.#db,
          'UPDATE s3_objects SET is_latest = 1 WHERE seq = (SELECT MAX(seq) FROM s3_objects WHERE bucket = ? AND key = ?)',
        ).run(bucket, key);
      }
      return existing;
    })();
  }

  /** Current, non-deleted keys after `after` (exclusive), in S3's (UTF-8 byte) order. */
  keysAfter(bucket: string, prefix: string, after: string, limit: number): ObjectVersion[] {
    const rows = statement(
      this.#db,
      `SELECT * FROM s3_objects WHERE bucket = ? AND is_latest = 1 AND delete_marker = 0 AND key > ? AND key >= ?
         ORDER BY key LIMIT ?`,
    ).all(bucket, after, prefix, limit) as ObjectRow[];
    return rows.map(toVersion);
  }

  /** Every version of keys after (`key`, `seq`), newest first per key, for ListObjectVersions. */
  versionsAfter(bucket: string, prefix: string, afterKey: string, afterSeq: number, limit: number): ObjectVersion[] {
    const rows = statement(
      this.#db,
      `SELECT * FROM s3_objects WHERE bucket = ? AND key >= ? AND (key > ? OR (key = ? AND seq < ?))
         ORDER BY key, seq DESC LIMIT ?`,
    ).all(bucket, prefix, afterKey, afterKey, afterSeq, limit) as ObjectRow[];
    return rows.map(toVersion);
  }
}

function toVersion(row: ObjectRow): ObjectVersion {
  return {
    seq: row.seq,
    bucket: row.bucket,
    key: row.key,
    versionId: row.version_id,
    isLatest: row.is_latest === 1,
    deleteMarker: row.delete_marker === 1,
    sha256: row.sha256,
    size: row.size,
    etag: row.etag,
    contentType: row.content_type ?? undefined,
    headers: JSON.parse(row.headers) as Record<string, string>,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    checksums: JSON.parse(row.checksums) as Checksums,
    checksumType: row.checksum_type ?? undefined,
    partsCount: row.parts_count ?? undefined,
    lastModified: row.last_modified,
    tags: JSON.parse(row.tags) as Tag[],
  };
}
