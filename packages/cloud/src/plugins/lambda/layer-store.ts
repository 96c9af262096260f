import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';

/** One published version of a layer. */
export interface LayerVersionRow {
  name: string;
  version: number;
  description: string;
  compatibleRuntimes: string[] | null;
  compatibleArchitectures: string[] | null;
  licenseInfo: string | null;
  /** Lowercase hex SHA-256: the blob store name of the content. */
  codeBlob: string;
  codeSize: number;
  signingProfileVersionArn: string | null;
  signingJobArn: string | null;
  createdDate: string;
}

interface RawLayerVersion {
  name: string;
  version: number;
  description: string;
  compatible_runtimes: string | null;
  compatible_architectures: string | null;
  license_info: string | null;
  code_sha256: string;
  code_size: number;
  signing_profile_version_arn: string | null;
  signing_job_arn: string | null;
  created_date: string;
}

/** One layer version, or undefined. */
export function findLayerVersion(db: Database.Database, name: string, version: number): LayerVersionRow | undefined {
  const row = statement(db, 'SELECT * FROM lambda_layer_versions WHERE name = ? AND version = ?').get(name, version) as
    RawLayerVersion | undefined;
  return row && toRow(row);
}

/** A layer's versions, newest first. */
export function listLayerVersions(db: Database.Database, name: string): LayerVersionRow[] {
  return (
    statement(db, 'SELECT * FROM lambda_layer_versions WHERE name = ? ORDER BY version DESC').all(
      name,
    ) as RawLayerVersion[]
  ).map(toRow);
}

/** Names of layers that have at least one version, in order. */
export function listLayerNames(db: Database.Database): string[] {
  return (
    statement(db, 'SELECT DISTINCT name FROM lambda_layer_versions ORDER BY name').all() as { name: string }[]
  ).map((row) => row.name);
}

/** Inserts the next version of a layer (numbers are never reused, even after a delete); returns its number. */
export function insertLayerVersion(db: Database.Database, row: Omit<LayerVersionRow, 'version'>): number {
  const current = statement(db, 'SELECT last_version FROM lambda_layer_names WHERE name = ?').get(row.name) as
    { last_version: number } | undefined;
  const version = (current?.last_version ?? 0) + 1;
  statement(
    db,
    'INSERT INTO lambda_layer_names (name, last_version) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_version = excluded.last_version',
  ).run(row.name, version);
  statement(
    db,
    `INSERT INTO lambda_layer_versions (name, version, description, compatible_runtimes, compatible_architectures, license_info, code_sha256, code_size,
       signing_profile_version_arn, signing_job_arn, created_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.name,
    version,
    row.description,
    row.compatibleRuntimes && JSON.stringify(row.compatibleRuntimes),
    row.compatibleArchitectures && JSON.stringify(row.compatibleArchitectures),
    row.licenseInfo,
    row.codeBlob,
    row.codeSize,
    row.signingProfileVersionArn,
    row.signingJobArn,
    row.createdDate,
  );
  return version;
}

/** Whether a blob is the code of some layer version. */
export function isLayerCode(db: Database.Database, blob: string): boolean {
  return statement(db, 'SELECT 1 FROM lambda_layer_versions WHERE code_sha256 = ? LIMIT 1').get(blob) !== undefined;
}

/** Deletes one layer version (no error when it is gone already). */
export function deleteLayerVersion(db: Database.Database, name: string, version: number): void {
  statement(db, 'DELETE FROM lambda_layer_versions WHERE name = ? AND version = ?').run(name, version);
}

function toRow(raw: RawLayerVersion): LayerVersionRow {
  return {
    name: raw.name,
    version: raw.version,
    description: raw.description,
    compatibleRuntimes: raw.compatible_runtimes === null ? null : (JSON.parse(raw.compatible_runtimes) as string[]),
    compatibleArchitectures:
      raw.compatible_architectures === null ? null : (JSON.parse(raw.compatible_architectures) as string[]),
    licenseInfo: raw.license_info,
    codeBlob: raw.code_sha256,
    codeSize: raw.code_size,
    signingProfileVersionArn: raw.signing_profile_version_arn,
    signingJobArn: raw.signing_job_arn,
    createdDate: raw.created_date,
  };
}
