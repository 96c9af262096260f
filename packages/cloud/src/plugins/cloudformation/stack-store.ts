import type Database from 'better-sqlite3';
import type { ChangeSetRecord, ResourceRecord, StackEventRecord, StackRecord } from './model.ts';
import { statement } from '../../state/statements.ts';

/**
 * Creates the CloudFormation tables: whole records as JSON, keyed for the lookups the API needs.
 * A stack's resources have a row each, and its templates a row of their own, so recording one
 * resource's progress or the stack's status costs the same in a stack of 400 resources as in one of 4.
 */
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
    CREATE TABLE IF NOT EXISTS cfn_stack_resources (
      stack_id TEXT NOT NULL,
      logical_id TEXT NOT NULL,
      doc TEXT NOT NULL,
      PRIMARY KEY (stack_id, logical_id)
    );
    CREATE TABLE IF NOT EXISTS cfn_stack_templates (
      stack_id TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      processed TEXT NOT NULL
    );
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
  /** Processed templates as last read or written, with their stack and body: saving them again is skipped. */
  private readonly storedTemplates = new WeakMap<object, { stackId: string; body: string }>();

  constructor(private readonly db: Database.Database) {}

  /**
   * The live (not deleted) stack with this name, or the stack with this id, deleted or not;
   * `withResources: false` skips reading the resource rows (DescribeStacks, polled often, needs none).
   */
  find(nameOrId: string, withResources = true): StackRecord | undefined {
    const row = nameOrId.startsWith('arn:')
      ? statement(this.db, 'SELECT doc FROM cfn_stacks WHERE stack_id = ?').get(nameOrId)
      : statement(this.db, 'SELECT doc FROM cfn_stacks WHERE stack_name = ? AND deleted = 0').get(nameOrId);
    if (!row) return undefined;
    const doc = (row as { doc: string }).doc;
    return withResources ? this.withResources(doc) : this.stackOnly(doc);
  }

  /** Every stack, oldest first; deleted ones only when asked; resource rows unless `withResources` is false. */
  list(includeDeleted: boolean, withResources = true): StackRecord[] {
    const sql = includeDeleted
      ? 'SELECT doc FROM cfn_stacks ORDER BY created_seq'
      : 'SELECT doc FROM cfn_stacks WHERE deleted = 0 ORDER BY created_seq';
    return (statement(this.db, sql).all() as { doc: string }[]).map((row) =>
      withResources ? this.withResources(row.doc) : this.stackOnly(row.doc),
    );
  }

  /** How many stacks are not deleted, nested ones included. */
  liveCount(): number {
    return (statement(this.db, 'SELECT COUNT(*) AS n FROM cfn_stacks WHERE deleted = 0').get() as { n: number }).n;
  }

  /** Inserts or replaces a stack record and all its resources (for one resource, use `saveResource`). */
  save(stack: StackRecord): void {
    this.db.transaction(() => {
      this.saveStackOnly(stack);
      statement(this.db, 'DELETE FROM cfn_stack_resources WHERE stack_id = ?').run(stack.stackId);
      for (const resource of Object.values(stack.resources)) this.saveResource(stack.stackId, resource);
    })();
  }

  /** Inserts or replaces one resource of a saved stack: the cost of a resource event, whatever the stack's size. */
  saveResource(stackId: string, resource: ResourceRecord): void {
    statement(this.db, 'INSERT OR REPLACE INTO cfn_stack_resources (stack_id, logical_id, doc) VALUES (?, ?, ?)').run(
      stackId,
      resource.logicalId,
      JSON.stringify(resource),
    );
  }

  /** A stack document with its resource rows put back (documents written before the rows existed keep theirs). */
  private withResources(doc: string): StackRecord {
    const stack = this.stackOnly(doc);
    const rows = statement(this.db, 'SELECT doc FROM cfn_stack_resources WHERE stack_id = ? ORDER BY rowid').all(
      stack.stackId,
    ) as { doc: string }[];
    for (const row of rows) {
      const resource = JSON.parse(row.doc) as ResourceRecord;
      stack.resources[resource.logicalId] = resource;
    }
    return stack;
  }

  /** Removes one resource's row (a resource gone from the stack). */
  removeResource(stackId: string, logicalId: string): void {
    statement(this.db, 'DELETE FROM cfn_stack_resources WHERE stack_id = ? AND logical_id = ?').run(stackId, logicalId);
  }

  /**
   * Inserts or replaces the stack's own record, leaving its resource rows as they are. The
   * templates are written only when they are not the ones last read or written for the stack.
   */
  saveStackOnly(stack: StackRecord): void {
    const deleted = stack.status === 'DELETE_COMPLETE' ? 1 : 0;
    const record: Record<string, unknown> = {};
    for (const key of Object.keys(stack) as (keyof StackRecord)[]) {
      if (key !== 'resources' && key !== 'templateBody' && key !== 'processedTemplate') record[key] = stack[key];
    }
    const doc = JSON.stringify(record);
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
    if (this.templatesStored(stack)) return;
    statement(this.db, 'INSERT OR REPLACE INTO cfn_stack_templates (stack_id, body, processed) VALUES (?, ?, ?)').run(
      stack.stackId,
      stack.templateBody,
      JSON.stringify(stack.processedTemplate),
    );
    this.storedTemplates.set(stack.processedTemplate, { stackId: stack.stackId, body: stack.templateBody });
  }

  /** True when the stack's templates are still those of its row (not read yet, or the same objects). */
  private templatesStored(stack: StackRecord): boolean {
    const unread = (name: keyof StackRecord) => Object.getOwnPropertyDescriptor(stack, name)?.get !== undefined;
    if (unread('templateBody') && unread('processedTemplate')) return true;
    const stored = this.storedTemplates.get(stack.processedTemplate);
    return stored?.stackId === stack.stackId && stored.body === stack.templateBody;
  }

  /**
   * A stack document without its resource rows read. Its templates are read from their row
   * when first used: DescribeStacks, polled often, and export lookups never parse them.
   * Documents written before the template rows existed hold their own.
   */
  private stackOnly(doc: string): StackRecord {
    const stack = JSON.parse(doc) as StackRecord;
    stack.resources ??= {};
    if (typeof stack.templateBody === 'string') return stack;
    let templates: Pick<StackRecord, 'templateBody' | 'processedTemplate'> | undefined;
    const read = () => (templates ??= this.readTemplates(stack.stackId));
    const lazy = (name: 'templateBody' | 'processedTemplate'): PropertyDescriptor => ({
      enumerable: true,
      configurable: true,
      get: () => read()[name],
      set: (value: unknown) =>
        Object.defineProperty(stack, name, { value, enumerable: true, writable: true, configurable: true }),
    });
    Object.defineProperties(stack, {
      templateBody: lazy('templateBody'),
      processedTemplate: lazy('processedTemplate'),
    });
    return stack;
  }

  private readTemplates(stackId: string): Pick<StackRecord, 'templateBody' | 'processedTemplate'> {
    const row = statement(this.db, 'SELECT body, processed FROM cfn_stack_templates WHERE stack_id = ?').get(
      stackId,
    ) as { body: string; processed: string } | undefined;
    if (row === undefined) return { templateBody: '', processedTemplate: {} };
    const processedTemplate = JSON.parse(row.processed) as Record<string, unknown>;
    this.storedTemplates.set(processedTemplate, { stackId, body: row.body });
    return { templateBody: row.body, processedTemplate };
  }

  /** Removes a stack record and its events and change sets entirely (a REVIEW_IN_PROGRESS stack deleted). */
  purge(stackId: string): void {
    statement(this.db, 'DELETE FROM cfn_stacks WHERE stack_id = ?').run(stackId);
    statement(this.db, 'DELETE FROM cfn_stack_resources WHERE stack_id = ?').run(stackId);
    statement(this.db, 'DELETE FROM cfn_stack_templates WHERE stack_id = ?').run(stackId);
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
