import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';

/** One profile permission statement, as ListProfilePermissions shows it. */
export interface ProfilePermission {
  statementId: string;
  action: string;
  principal: string;
  profileVersion?: string;
}

/** Creates the tables of profile owners and profile permissions (Signer's resource policy per profile). */
export function migrateProfilePermissions(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS signer_profile_owners (
      profile_name TEXT PRIMARY KEY,
      owner_arn TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS signer_profile_policies (
      profile_name TEXT PRIMARY KEY,
      revision_id TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS signer_profile_permissions (
      profile_name TEXT NOT NULL,
      statement_id TEXT NOT NULL,
      action TEXT NOT NULL,
      principal TEXT NOT NULL,
      profile_version TEXT,
      PRIMARY KEY (profile_name, statement_id)
    );
  `);
}

/** Profile owners and permissions; each change is one transaction and gives the policy a new revision id. */
export class ProfilePermissionStore {
  constructor(private readonly db: Database.Database) {}

  /** Records who created a profile (the first PutSigningProfile of its name). */
  setOwner(profileName: string, ownerArn: string): void {
    statement(this.db, 'INSERT OR IGNORE INTO signer_profile_owners (profile_name, owner_arn) VALUES (?, ?)').run(
      profileName,
      ownerArn,
    );
  }

  /** Who created a profile; undefined for profiles older than owners (the account's own). */
  owner(profileName: string): string | undefined {
    const row = statement(this.db, 'SELECT owner_arn FROM signer_profile_owners WHERE profile_name = ?').get(
      profileName,
    ) as { owner_arn: string } | undefined;
    return row?.owner_arn;
  }

  /** The current revision id of a profile's permissions (undefined before the first). */
  revision(profileName: string): string | undefined {
    const row = statement(this.db, 'SELECT revision_id FROM signer_profile_policies WHERE profile_name = ?').get(
      profileName,
    ) as { revision_id: string } | undefined;
    return row?.revision_id;
  }

  /** Every permission of a profile, by statement id. */
  list(profileName: string): ProfilePermission[] {
    const rows = statement(
      this.db,
      'SELECT statement_id, action, principal, profile_version FROM signer_profile_permissions WHERE profile_name = ? ORDER BY statement_id',
    ).all(profileName) as { statement_id: string; action: string; principal: string; profile_version: string | null }[];
    return rows.map((row) => ({
      statementId: row.statement_id,
      action: row.action,
      principal: row.principal,
      ...(row.profile_version ? { profileVersion: row.profile_version } : {}),
    }));
  }

  /** Adds a statement; returns the new revision id, or `duplicate` when the id is taken. */
  add(profileName: string, permission: ProfilePermission): string | 'duplicate' {
    return this.db.transaction(() => {
      const exists = statement(
        this.db,
        'SELECT 1 FROM signer_profile_permissions WHERE profile_name = ? AND statement_id = ?',
      ).get(profileName, permission.statementId);
      if (exists) return 'duplicate' as const;
      statement(
        this.db,
        'INSERT INTO signer_profile_permissions (profile_name, statement_id, action, principal, profile_version) VALUES (?, ?, ?, ?, ?)',
      ).run(
        profileName,
        permission.statementId,
        permission.action,
        permission.principal,
        permission.profileVersion ?? null,
      );
      return this.#newRevision(profileName);
    })();
  }

  /** Removes a statement; returns the new revision id, or `missing` when there is no such statement. */
  remove(profileName: string, statementId: string): string | 'missing' {
    return this.db.transaction(() => {
      const removed = statement(
        this.db,
        'DELETE FROM signer_profile_permissions WHERE profile_name = ? AND statement_id = ?',
      ).run(profileName, statementId);
      if (removed.changes === 0) return 'missing' as const;
      return this.#newRevision(profileName);
    })();
  }

  #newRevision(profileName: string): string {
    const revision = randomUUID();
    statement(
      this.db,
      'INSERT INTO signer_profile_policies (profile_name, revision_id) VALUES (?, ?) ON CONFLICT(profile_name) DO UPDATE SET revision_id = excluded.revision_id',
    ).run(profileName, revision);
    return revision;
  }
}
