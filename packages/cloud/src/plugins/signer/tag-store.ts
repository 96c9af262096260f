import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';

/** Tags of Signer resources (signing profiles), by ARN. */
export class TagStore {
  constructor(private readonly db: Database.Database) {}

  /** The resource's tags; an empty object when it has none. */
  get(resourceArn: string): Record<string, string> {
    const rows = statement(this.db, 'SELECT key, value FROM signer_tags WHERE resource_arn = ? ORDER BY key').all(
      resourceArn,
    ) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  /** Adds or overwrites tags. */
  set(resourceArn: string, tags: Record<string, string>): void {
    const insert = statement(
      this.db,
      'INSERT INTO signer_tags (resource_arn, key, value) VALUES (?, ?, ?) ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(tags)) insert.run(resourceArn, key, value);
    })();
  }

  /** Removes tags by key; absent keys are ignored. */
  remove(resourceArn: string, keys: readonly string[]): void {
    const remove = statement(this.db, 'DELETE FROM signer_tags WHERE resource_arn = ? AND key = ?');
    this.db.transaction(() => {
      for (const key of keys) remove.run(resourceArn, key);
    })();
  }
}
