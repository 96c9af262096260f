import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';

/** One alias of a function, as stored. */
export interface AliasRow {
  name: string;
  function_version: string;
  description: string;
  routing_config: string | null;
  revision_id: string;
}

/** The alias of a function, or undefined. */
export function findAlias(db: Database.Database, functionName: string, name: string): AliasRow | undefined {
  return statement(db, 'SELECT * FROM lambda_aliases WHERE function_name = ? AND name = ?').get(functionName, name) as
    AliasRow | undefined;
}

/** Every alias of a function, by name. */
export function listAliasRows(db: Database.Database, functionName: string): AliasRow[] {
  return statement(db, 'SELECT * FROM lambda_aliases WHERE function_name = ? ORDER BY name').all(
    functionName,
  ) as AliasRow[];
}

/** The names of the aliases that point at one version, by name. */
export function aliasNamesOfVersion(db: Database.Database, functionName: string, version: string): string[] {
  const rows = statement(
    db,
    'SELECT name FROM lambda_aliases WHERE function_name = ? AND function_version = ? ORDER BY name',
  ).all(functionName, version);
  return (rows as { name: string }[]).map((row) => row.name);
}

/** Adds a new alias. */
export function insertAlias(db: Database.Database, functionName: string, row: AliasRow): void {
  statement(
    db,
    'INSERT INTO lambda_aliases (function_name, name, function_version, description, routing_config, revision_id) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(functionName, row.name, row.function_version, row.description, row.routing_config, row.revision_id);
}

/** Replaces an existing alias's target, description, routing and revision. */
export function updateAliasRow(db: Database.Database, functionName: string, row: AliasRow): void {
  statement(
    db,
    'UPDATE lambda_aliases SET function_version = ?, description = ?, routing_config = ?, revision_id = ? WHERE function_name = ? AND name = ?',
  ).run(row.function_version, row.description, row.routing_config, row.revision_id, functionName, row.name);
}

/** Gives an alias a new revision id (its policy changed). */
export function setAliasRevision(db: Database.Database, functionName: string, name: string, revisionId: string): void {
  statement(db, 'UPDATE lambda_aliases SET revision_id = ? WHERE function_name = ? AND name = ?').run(
    revisionId,
    functionName,
    name,
  );
}

/** Deletes an alias, the permissions granted on it and its function URL. */
export function deleteAliasRow(db: Database.Database, functionName: string, name: string): void {
  statement(db, 'DELETE FROM lambda_aliases WHERE function_name = ? AND name = ?').run(functionName, name);
  statement(db, 'DELETE FROM lambda_permissions WHERE function_name = ? AND qualifier = ?').run(functionName, name);
  // An alias's function URL goes with it, as in Lambda.
  statement(db, 'DELETE FROM lambda_function_urls WHERE function_name = ? AND qualifier = ?').run(functionName, name);
}
