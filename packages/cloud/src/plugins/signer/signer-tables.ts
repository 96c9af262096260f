import type Database from 'better-sqlite3';
import { migrateProfilePermissions } from './profile-permission-store.ts';

/**
 * Signer's tables. Times are epoch milliseconds. Private keys are not here: they
 * live one file each under `<stateDir>/signer/keys/` (see profile-key-store.ts).
 */
export function migrateSigner(db: Database.Database): void {
  migrateProfilePermissions(db);
  db.exec(`
    CREATE TABLE IF NOT EXISTS signer_profiles (
      name TEXT PRIMARY KEY,
      arn TEXT NOT NULL,
      platform_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('Active', 'Canceled', 'Revoked')),
      current_version TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS signer_profile_versions (
      version TEXT PRIMARY KEY,
      profile_name TEXT NOT NULL REFERENCES signer_profiles(name),
      arn TEXT NOT NULL UNIQUE,
      validity_value INTEGER NOT NULL,
      validity_type TEXT NOT NULL,
      public_key_pem TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      revoked_effective_from INTEGER,
      revoked_at INTEGER,
      revoked_by TEXT,
      revocation_reason TEXT
    );
    CREATE TABLE IF NOT EXISTS signer_jobs (
      job_id TEXT PRIMARY KEY,
      job_arn TEXT NOT NULL,
      client_request_token TEXT NOT NULL UNIQUE,
      request_fingerprint TEXT NOT NULL,
      profile_name TEXT NOT NULL,
      profile_version TEXT NOT NULL REFERENCES signer_profile_versions(version),
      platform_id TEXT NOT NULL,
      source_bucket TEXT NOT NULL,
      source_key TEXT NOT NULL,
      source_version TEXT NOT NULL,
      destination_bucket TEXT NOT NULL,
      destination_prefix TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('InProgress', 'Failed', 'Succeeded')),
      status_reason TEXT,
      signed_key TEXT,
      requested_by TEXT NOT NULL,
      job_owner TEXT NOT NULL,
      job_invoker TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      completed_at INTEGER,
      signature_expires_at INTEGER,
      revoked_at INTEGER,
      revoked_by TEXT,
      revocation_reason TEXT
    );
    CREATE INDEX IF NOT EXISTS signer_jobs_by_status ON signer_jobs (status);
    CREATE INDEX IF NOT EXISTS signer_jobs_by_created ON signer_jobs (created_at DESC, job_id DESC);
    CREATE TABLE IF NOT EXISTS signer_tags (
      resource_arn TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (resource_arn, key)
    );
  `);
}
