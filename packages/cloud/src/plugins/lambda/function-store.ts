import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';

/** A layer as a function's configuration lists it. */
export interface FunctionLayer {
  Arn: string;
  CodeSize: number;
  SigningProfileVersionArn?: string;
  SigningJobArn?: string;
}

/** One version's configuration as stored: the fields Lambda returns that are not derived from the name. */
export interface VersionConfig {
  Runtime: string;
  Role: string;
  Handler: string;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSize: number;
  /** Base64 SHA-256 of the deployed zip, as Lambda reports it. */
  CodeSha256: string;
  RevisionId: string;
  Environment?: Record<string, string>;
  Layers: FunctionLayer[];
  Architectures: string[];
  SigningProfileVersionArn?: string;
  SigningJobArn?: string;
}

/** A function's row: everything not tied to one version. */
export interface FunctionRow {
  name: string;
  codeSigningConfigId: string | null;
  tags: Record<string, string>;
  lastVersion: number;
}

/** One version of a function, with the blob name of its code. */
export interface VersionRow {
  version: string;
  config: VersionConfig;
  /** Lowercase hex SHA-256: the blob store name of the code. */
  codeBlob: string;
}

interface RawFunction {
  name: string;
  code_signing_config_id: string | null;
  tags: string;
  last_version: number;
}

interface RawVersion {
  version: string;
  config: string;
  code_sha256: string;
}

/** The function named, or undefined. */
export function findFunction(db: Database.Database, name: string): FunctionRow | undefined {
  const row = statement(db, 'SELECT * FROM lambda_functions WHERE name = ?').get(name) as RawFunction | undefined;
  return row && toFunction(row);
}

/** One version (`$LATEST` or a number) of a function, or undefined. */
export function findVersion(db: Database.Database, name: string, version: string): VersionRow | undefined {
  const row = statement(
    db,
    'SELECT version, config, code_sha256 FROM lambda_function_versions WHERE function_name = ? AND version = ?',
  ).get(name, version) as RawVersion | undefined;
  return row && toVersion(row);
}

/** Every published version of a function, oldest first, then `$LATEST` first of all. */
export function listVersions(db: Database.Database, name: string): VersionRow[] {
  const rows = statement(
    db,
    "SELECT version, config, code_sha256 FROM lambda_function_versions WHERE function_name = ? ORDER BY version <> '$LATEST', CAST(version AS INTEGER)",
  ).all(name) as RawVersion[];
  return rows.map(toVersion);
}

/** Function names in order, from `after` (exclusive), at most `limit`. */
export function listFunctionNames(db: Database.Database, after: string | undefined, limit: number): string[] {
  const rows = statement(db, 'SELECT name FROM lambda_functions WHERE name > ? ORDER BY name LIMIT ?').all(
    after ?? '',
    limit,
  ) as { name: string }[];
  return rows.map((row) => row.name);
}

/** Names of the functions that use a code signing configuration. */
export function functionsUsingCodeSigningConfig(
  db: Database.Database,
  cscId: string,
  after: string | undefined,
  limit: number,
): string[] {
  const rows = statement(
    db,
    'SELECT name FROM lambda_functions WHERE code_signing_config_id = ? AND name > ? ORDER BY name LIMIT ?',
  ).all(cscId, after ?? '', limit) as { name: string }[];
  return rows.map((row) => row.name);
}

/** Inserts a new function row. */
export function insertFunction(db: Database.Database, row: FunctionRow, createdAt: string): void {
  statement(
    db,
    'INSERT INTO lambda_functions (name, code_signing_config_id, tags, last_version, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(row.name, row.codeSigningConfigId, JSON.stringify(row.tags), row.lastVersion, createdAt);
}

/** Writes back a function row's mutable fields. */
export function updateFunction(db: Database.Database, row: FunctionRow): void {
  statement(
    db,
    'UPDATE lambda_functions SET code_signing_config_id = ?, tags = ?, last_version = ? WHERE name = ?',
  ).run(row.codeSigningConfigId, JSON.stringify(row.tags), row.lastVersion, row.name);
}

/** Inserts or replaces one version of a function. */
export function putVersion(db: Database.Database, name: string, row: VersionRow): void {
  statement(
    db,
    'INSERT OR REPLACE INTO lambda_function_versions (function_name, version, config, code_sha256) VALUES (?, ?, ?, ?)',
  ).run(name, row.version, JSON.stringify(row.config), row.codeBlob);
}

/** Whether a blob is the code of some function version. */
export function isFunctionCode(db: Database.Database, blob: string): boolean {
  return statement(db, 'SELECT 1 FROM lambda_function_versions WHERE code_sha256 = ? LIMIT 1').get(blob) !== undefined;
}

/** Deletes one published version. */
export function deleteVersion(db: Database.Database, name: string, version: string): void {
  statement(db, 'DELETE FROM lambda_function_versions WHERE function_name = ? AND version = ?').run(name, version);
  statement(db, 'DELETE FROM lambda_permissions WHERE function_name = ? AND qualifier = ?').run(name, version);
}

/** Deletes a function with its versions, aliases and permissions. */
export function deleteFunction(db: Database.Database, name: string): void {
  for (const table of ['lambda_function_versions', 'lambda_aliases', 'lambda_permissions']) {
    statement(db, `DELETE FROM ${table} WHERE function_name = ?`).run(name);
  }
  statement(db, 'DELETE FROM lambda_functions WHERE name = ?').run(name);
}

function toFunction(row: RawFunction): FunctionRow {
  return {
    name: row.name,
    codeSigningConfigId: row.code_signing_config_id,
    tags: JSON.parse(row.tags) as Record<string, string>,
    lastVersion: row.last_version,
  };
}

function toVersion(row: RawVersion): VersionRow {
  return { version: row.version, config: JSON.parse(row.config) as VersionConfig, codeBlob: row.code_sha256 };
}
