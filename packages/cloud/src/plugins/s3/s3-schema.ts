import type Database from 'better-sqlite3';
import { migrateS3Notifications } from './s3-notification-config.ts';

/**
 * S3 tables. `s3_objects` holds every version (and delete marker) of every key;
 * `seq` orders versions, `is_latest` marks the current one. Bodies live in the blob
 * store (`sha256`); multipart parts live under `<stateDir>/uploads/<uploadId>/`.
 * `tags` is the object's tag set as a JSON array of `[key, value]` pairs, in order.
 */
export function migrateS3(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS s3_buckets (
      name TEXT PRIMARY KEY,
      region TEXT NOT NULL,
      created_at TEXT NOT NULL,
      versioning TEXT
    );
    CREATE TABLE IF NOT EXISTS s3_objects (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      bucket TEXT NOT NULL REFERENCES s3_buckets(name),
      key TEXT NOT NULL,
      version_id TEXT NOT NULL,
      is_latest INTEGER NOT NULL,
      delete_marker INTEGER NOT NULL,
      sha256 TEXT,
      size INTEGER NOT NULL,
      etag TEXT NOT NULL,
      content_type TEXT,
      headers TEXT NOT NULL,
      metadata TEXT NOT NULL,
      checksums TEXT NOT NULL,
      checksum_type TEXT,
      parts_count INTEGER,
      last_modified TEXT NOT NULL,
      tags TEXT NOT NULL DEFAULT '[]',
      UNIQUE (bucket, key, version_id)
    );
    CREATE INDEX IF NOT EXISTS s3_objects_latest ON s3_objects(bucket, is_latest, key);
    CREATE INDEX IF NOT EXISTS s3_objects_versions ON s3_objects(bucket, key, seq);
    CREATE TABLE IF NOT EXISTS s3_uploads (
      upload_id TEXT PRIMARY KEY,
      bucket TEXT NOT NULL REFERENCES s3_buckets(name),
      key TEXT NOT NULL,
      content_type TEXT,
      headers TEXT NOT NULL,
      metadata TEXT NOT NULL,
      checksum_algorithm TEXT,
      checksum_type TEXT,
      initiated TEXT NOT NULL,
      tags TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE IF NOT EXISTS s3_parts (
      upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
      part_number INTEGER NOT NULL,
      file TEXT NOT NULL,
      size INTEGER NOT NULL,
      md5 TEXT NOT NULL,
      checksums TEXT NOT NULL,
      last_modified TEXT NOT NULL,
      PRIMARY KEY (upload_id, part_number)
    );
  `);
  // Object tags came later: state dirs made before them get the column (an empty tag set).
  for (const table of ['s3_objects', 's3_uploads']) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!columns.some((column) => column.name === 'tags'))
      db.exec(`ALTER TABLE ${table} ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'`);
  }
  migrateS3Notifications(db);
}
