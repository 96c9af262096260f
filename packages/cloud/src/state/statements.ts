import type Database from 'better-sqlite3';

// Preparing compiles the SQL each time; a store calls the same few statements on
// every request, so each is prepared once per database and reused.
const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The prepared statement for `sql` on `db`, compiled on first use and kept for the database's lifetime. */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let bySql = prepared.get(db);
  if (!bySql) {
    bySql = new Map();
    prepared.set(db, bySql);
  }
  let compiled = bySql.get(sql);
  if (!compiled) {
    compiled = db.prepare(sql);
    bySql.set(sql, compiled);
  }
  return compiled;
}
