import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';

/**
 * One function URL, as stored: of a function's `$LATEST` (qualifier `''`) or of an alias.
 * `url_id` is the URL's host label (`{url_id}.lambda-url.{region}.on.aws`).
 */
export interface FunctionUrlRow {
  function_name: string;
  qualifier: string;
  url_id: string;
  auth_type: 'AWS_IAM' | 'NONE';
  /** The `Cors` member as given, JSON; null when there is none. */
  cors: string | null;
  invoke_mode: 'BUFFERED' | 'RESPONSE_STREAM';
  created_at: string;
  modified_at: string;
}

export function findFunctionUrl(
  db: Database.Database,
  functionName: string,
  qualifier: string,
): FunctionUrlRow | undefined {
  return statement(db, 'SELECT * FROM lambda_function_urls WHERE function_name = ? AND qualifier = ?').get(
    functionName,
    qualifier,
  ) as FunctionUrlRow | undefined;
}

/** The function URL a request's host or path names, or undefined. */
export function findFunctionUrlById(db: Database.Database, urlId: string): FunctionUrlRow | undefined {
  return statement(db, 'SELECT * FROM lambda_function_urls WHERE url_id = ?').get(urlId) as FunctionUrlRow | undefined;
}

/** Every function URL of a function, `$LATEST`'s first, then its aliases' by name. */
export function listFunctionUrls(db: Database.Database, functionName: string): FunctionUrlRow[] {
  return statement(db, 'SELECT * FROM lambda_function_urls WHERE function_name = ? ORDER BY qualifier').all(
    functionName,
  ) as FunctionUrlRow[];
}

export function insertFunctionUrl(db: Database.Database, row: FunctionUrlRow): void {
  statement(
    db,
    'INSERT INTO lambda_function_urls (function_name, qualifier, url_id, auth_type, cors, invoke_mode, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    row.function_name,
    row.qualifier,
    row.url_id,
    row.auth_type,
    row.cors,
    row.invoke_mode,
    row.created_at,
    row.modified_at,
  );
}

export function updateFunctionUrl(db: Database.Database, row: FunctionUrlRow): void {
  statement(
    db,
    'UPDATE lambda_function_urls SET auth_type = ?, cors = ?, invoke_mode = ?, modified_at = ? WHERE function_name = ? AND qualifier = ?',
  ).run(row.auth_type, row.cors, row.invoke_mode, row.modified_at, row.function_name, row.qualifier);
}

export function deleteFunctionUrl(db: Database.Database, functionName: string, qualifier: string): void {
  statement(db, 'DELETE FROM lambda_function_urls WHERE function_name = ? AND qualifier = ?').run(
    functionName,
    qualifier,
  );
}
