import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';

// A function's resource policy, one per qualifier ('' is the unqualified function), kept as statements in order.

/** Whether the policy of a function's qualifier has a statement with this id. */
export function hasPermission(
  db: Database.Database,
  functionName: string,
  qualifier: string | undefined,
  statementId: string,
): boolean {
  return (
    statement(
      db,
      'SELECT 1 FROM lambda_permissions WHERE function_name = ? AND qualifier = ? AND statement_id = ?',
    ).get(functionName, qualifier ?? '', statementId) !== undefined
  );
}

/** Appends a statement to the policy of a function's qualifier. */
export function insertPermission(
  db: Database.Database,
  functionName: string,
  qualifier: string | undefined,
  statementId: string,
  policyStatement: unknown,
): void {
  const { next } = statement(
    db,
    'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM lambda_permissions WHERE function_name = ?',
  ).get(functionName) as { next: number };
  statement(
    db,
    'INSERT INTO lambda_permissions (function_name, qualifier, statement_id, statement, seq) VALUES (?, ?, ?, ?, ?)',
  ).run(functionName, qualifier ?? '', statementId, JSON.stringify(policyStatement), next);
}

/** Removes a statement; false when the policy had none with that id. */
export function deletePermission(
  db: Database.Database,
  functionName: string,
  qualifier: string | undefined,
  statementId: string,
): boolean {
  return (
    statement(db, 'DELETE FROM lambda_permissions WHERE function_name = ? AND qualifier = ? AND statement_id = ?').run(
      functionName,
      qualifier ?? '',
      statementId,
    ).changes > 0
  );
}

/** The statements of the policy of a function's qualifier, in the order they were added. */
export function permissionStatements(
  db: Database.Database,
  functionName: string,
  qualifier: string | undefined,
): unknown[] {
  const rows = statement(
    db,
    'SELECT statement FROM lambda_permissions WHERE function_name = ? AND qualifier = ? ORDER BY seq',
  ).all(functionName, qualifier ?? '') as { statement: string }[];
  return rows.map((row) => JSON.parse(row.statement) as unknown);
}
