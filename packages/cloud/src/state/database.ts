import { closeSync, chmodSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { FILE_MODE } from './state-dir.ts';

/**
 * Opens the cloud's SQLite database. The file is created 0600 first: SQLite gives
 * its `-wal` and `-shm` files the database file's mode.
 *
 * WAL with synchronous=FULL: a commit returns only after the WAL is fsynced, so an
 * acknowledged write survives a killed process and a power loss alike.
 */
export function openDatabase(path: string): Database.Database {
  closeSync(openSync(path, 'a', FILE_MODE));
  chmodSync(path, FILE_MODE);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Runs every migration in one transaction: a crash mid-way leaves the previous schema. */
export function migrateAll(db: Database.Database, migrations: ReadonlyArray<(db: Database.Database) => void>): void {
  db.transaction(() => {
    for (const migrate of migrations) migrate(db);
  })();
}
