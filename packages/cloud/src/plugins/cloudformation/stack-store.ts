import type Database from 'better-sqlite3';
import type { ChangeSetRecord, StackEventRecord, StackRecord } from './model.ts';
import { statement } from '../../state/statements.ts';

/** Creates the CloudFormation tables: whole records as JSON, keyed for the lookups the API needs. */
export function migrateCloudFormation(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS cfn_stacks (
      stack_id TEXT PRIMARY KEY,
      stack_name TEXT NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0,
      created_seq INTEGER NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS cfn_stacks_name ON cfn_stacks (stack_name, deleted);
    CREATE TABLE IF NOT EXISTS cfn_stack_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      stack_id TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS cfn_stack_events_stack ON cfn_stack_events (stack_id, seq);
    CREATE TABLE IF NOT EXISTS cfn_change_sets (
      change_set_id TEXT PRIMARY KEY,
      stack_id TEXT NOT NULL,
      name TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS cfn_change_sets_stack ON cfn_change_sets (stack_id, name);
  `);
}

/** Reads and writes stacks, events and change sets; SQLite is the only copy of the state. */
export class StackStore {
  constructor(private readonly db: Database.Database) {}

  /** The live (not deleted) stack with this name, or the stack with this id, deleted or not. */
  find(nameOrId: string): StackRecord | undefined {
    const row = nameOrId.startsWith('arn:')
      ? statement(this.db, 'SELECT doc FROM cfn_stacks WHERE stack_id = ?').get(nameOrId)
      : statement(this.db, 'SELECT doc FROM cfn_stacks WHERE stack_name = ? AND deleted = 0').get(nameOrId);
    return row ? (JSON.parse((row as { doc: string }).doc) as StackRecord) : undefined;
  }

  /** Every stack, oldest first; deleted ones only when asked. */
  list(includeDeleted: boolean): StackRecord[] {
    const sql = includeDeleted
      ? 'SELECT doc FROM cfn_stacks ORDER BY created_seq'
      : 'SELECT doc FROM cfn_stacks WHERE deleted = 0 ORDER BY created_seq';
    return (statement(this.db, sql).all() as { doc: string }[]).map((row) => JSON.parse(row.doc) as StackRecord);
  }

  /** How many stacks are not deleted, nested ones included. */
  liveCount(): number {
    return (statement(this.db, 'SELECT COUNT(*) AS n FROM cfn_stacks WHERE deleted = 0').get() as { n: number }).n;
  }

  /** Inserts or replaces a stack record. */
  save(stack: StackRecord): void {
    const deleted = stack.status === 'DELETE_COMPLETE' ? 1 : 0;
    const doc = JSON.stringify(stack);
    const updated = statement(
      this.db,
      'UPDATE cfn_stacks SET stack_name = ?, deleted = ?, doc = ? WHERE stack_id = ?',
    ).run(stack.stackName, deleted, doc, stack.stackId);
    if (updated.changes === 0) {
      const next = (
        statement(this.db, 'SELECT COALESCE(MAX(created_seq), 0) + 1 AS n FROM cfn_stacks').get() as { n: number }
      ).n;
      statement(
        this.db,
        'INSERT INTO cfn_stacks (stack_id, stack_name, deleted, created_seq, doc) VALUES (?, ?, ?, ?, ?)',
      ).run(stack.stackId, stack.stackName, deleted, next, doc);
    }
  }

  /** Removes a stack record and its events and change sets entirely (a REVIEW_IN_PROGRESS stack deleted). */
  purge(stackId: string): void {
    statement(this.db, 'DELETE FROM cfn_stacks WHERE stack_id = ?').run(stackId);
    statement(this.db, 'DELETE FROM cfn_stack_events WHERE stack_id = ?').run(stackId);
    statement(this.db, 'DELETE FROM cfn_change_sets WHERE stack_id = ?').run(stackId);
  }

  /** Appends one event. */
  addEvent(event: StackEventRecord): void {
    statement(this.db, 'INSERT INTO cfn_stack_events (stack_id, doc) VALUES (?, ?)').run(
      event.stackId,
      JSON.stringify(event),
    );
  }

  /** A stack's events, newest first, as DescribeStackEvents lists them. */
  events(stackId: string): StackEventRecord[] {
    const rows = statement(this.db, 'SELECT doc FROM cfn_stack_events WHERE stack_id = ? ORDER BY seq DESC').all(
      stackId,
    ) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as StackEventRecord);
  }

  /** Inserts or replaces a change set. */
  saveChangeSet(changeSet: ChangeSetRecord): void {
    statement(
      this.db,
      'INSERT OR REPLACE INTO cfn_change_sets (change_set_id, stack_id, name, doc) VALUES (?, ?, ?, ?)',
    ).run(changeSet.changeSetId, changeSet.stackId, changeSet.changeSetName, JSON.stringify(changeSet));
  }

  /** A change set by id, or by name within a stack. */
  findChangeSet(nameOrId: string, stackId: string | undefined): ChangeSetRecord | undefined {
    const row = nameOrId.startsWith('arn:')
      ? statement(this.db, 'SELECT doc FROM cfn_change_sets WHERE change_set_id = ?').get(nameOrId)
      : stackId === undefined
        ? undefined
        : statement(this.db, 'SELECT doc FROM cfn_change_sets WHERE stack_id = ? AND name = ?').get(stackId, nameOrId);
    return row ? (JSON.parse((row as { doc: string }).doc) as ChangeSetRecord) : undefined;
  }

  /** A stack's change sets, oldest first. */
  changeSets(stackId: string): ChangeSetRecord[] {
    const rows = statement(this.db, 'SELECT doc FROM cfn_change_sets WHERE stack_id = ? ORDER BY rowid').all(
      stackId,
    ) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as ChangeSetRecord);
  }

  /** Removes one change set. */
  deleteChangeSet(changeSetId: string): void {
    statement(this.db, 'DELETE FROM cfn_change_sets WHERE change_set_id = ?').run(changeSetId);
  }

  /** Removes all change sets of a stack (after one executes, the others are obsolete and go away). */
  deleteChangeSetsOf(stackId: string): void {
    statement(this.db, 'DELETE FROM cfn_change_sets WHERE stack_id = ?').run(stackId);
  }
}
