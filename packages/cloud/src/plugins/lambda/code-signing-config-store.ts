import type Database from 'better-sqlite3';
import type { CodeSigningPolicy } from '@toolkit/signing';
import { statement } from '../../state/statements.ts';

/** A code signing configuration as stored. */
export interface CodeSigningConfigRow {
  id: string;
  description: string;
  allowedProfileVersionArns: string[];
  policy: CodeSigningPolicy;
  lastModified: string;
}

interface RawCsc {
  id: string;
  description: string;
  allowed_profile_version_arns: string;
  policy: string;
  last_modified: string;
}

/** The CSC with this id, or undefined. */
export function findCodeSigningConfig(db: Database.Database, id: string): CodeSigningConfigRow | undefined {
  const row = statement(db, 'SELECT * FROM lambda_code_signing_configs WHERE id = ?').get(id) as RawCsc | undefined;
  return row && toRow(row);
}

/** CSCs in creation order, after the one at `afterSeq`, at most `limit`; with each one's sequence number. */
export function listCodeSigningConfigs(
  db: Database.Database,
  afterSeq: number,
  limit: number,
): { row: CodeSigningConfigRow; seq: number }[] {
  const rows = statement(db, 'SELECT * FROM lambda_code_signing_configs WHERE seq > ? ORDER BY seq LIMIT ?').all(
    afterSeq,
    limit,
  ) as (RawCsc & { seq: number })[];
  return rows.map((raw) => ({ row: toRow(raw), seq: raw.seq }));
}

/** Inserts a new CSC at the end of the creation order. */
export function insertCodeSigningConfig(db: Database.Database, row: CodeSigningConfigRow): void {
  const { next } = statement(db, 'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM lambda_code_signing_configs').get() as {
    next: number;
  };
  statement(
    db,
    'INSERT INTO lambda_code_signing_configs (id, description, allowed_profile_version_arns, policy, last_modified, seq) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(row.id, row.description, JSON.stringify(row.allowedProfileVersionArns), row.policy, row.lastModified, next);
}

/** Writes back a CSC's fields. */
export function updateCodeSigningConfig(db: Database.Database, row: CodeSigningConfigRow): void {
  statement(
    db,
    'UPDATE lambda_code_signing_configs SET description = ?, allowed_profile_version_arns = ?, policy = ?, last_modified = ? WHERE id = ?',
  ).run(row.description, JSON.stringify(row.allowedProfileVersionArns), row.policy, row.lastModified, row.id);
}

/** Deletes a CSC. */
export function deleteCodeSigningConfig(db: Database.Database, id: string): void {
  statement(db, 'DELETE FROM lambda_code_signing_configs WHERE id = ?').run(id);
}

function toRow(raw: RawCsc): CodeSigningConfigRow {
  return {
    id: raw.id,
    description: raw.description,
    allowedProfileVersionArns: JSON.parse(raw.allowed_profile_version_arns) as string[],
    policy: raw.policy as CodeSigningPolicy,
    lastModified: raw.last_modified,
  };
}
