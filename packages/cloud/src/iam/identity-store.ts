import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { statement } from '../state/statements.ts';
import { ADMIN_POLICY, DEVELOPER_POLICY } from './default-policies.ts';
import { parsePolicy, type PolicyDocument } from './policy-document.ts';

/**
 * The access key of the `admin` identity: the well-known pair the local tools have always
 * used (`test`/`test`), so SDKs, the AWS CLI and scripts set up for the local cloud keep
 * working as its administrator. Every other identity gets a random key and secret.
 */
export const ADMIN_ACCESS_KEY = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** A principal of the local cloud: the account root (`admin`) or an IAM user, with one access key and identity policies. */
export interface Identity {
  name: string;
  arn: string;
  userId: string;
  accessKeyId: string;
  /** Never logged or rendered except by `toolkit local credentials`. */
  secretAccessKey: string;
  policies: readonly PolicyDocument[];
  /** The policy as it was given, for display. */
  policyText: string;
}

/** Creates the identity table and the `admin` and `developer` identities of every state folder. */
export function migrateIdentities(db: Database.Database, accountId: string): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS iam_identities (
      name TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      access_key_id TEXT NOT NULL UNIQUE,
      secret_access_key TEXT NOT NULL,
      policy TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
  `);
  const store = new IdentityStore(db, accountId);
  if (!store.byName('admin')) store.create('admin', JSON.stringify(ADMIN_POLICY, null, 2), ADMIN_ACCESS_KEY);
  if (!store.byName('developer')) store.create('developer', JSON.stringify(DEVELOPER_POLICY, null, 2));
}

interface Row {
  name: string;
  user_id: string;
  access_key_id: string;
  secret_access_key: string;
  policy: string;
}

/**
 * The identities of one state folder. Lookups by access key run on every request, so
 * identities are kept in a Map once read (policies do not change once created).
 */
export class IdentityStore {
  readonly #byKey = new Map<string, Identity | null>();

  constructor(
    private readonly db: Database.Database,
    private readonly accountId: string,
  ) {}

  /** The identity holding an access key, or undefined. */
  byAccessKey(accessKeyId: string): Identity | undefined {
    const cached = this.#byKey.get(accessKeyId);
    if (cached !== undefined) return cached ?? undefined;
    const row = statement(this.db, 'SELECT * FROM iam_identities WHERE access_key_id = ?').get(accessKeyId) as
      Row | undefined;
    const identity = row ? this.#identity(row) : undefined;
    // Unknown keys are remembered too, but only a bounded number of them (keys come from the wire).
    if (identity || this.#byKey.size < 1_000) this.#byKey.set(accessKeyId, identity ?? null);
    return identity;
  }

  /** The identity of a name, or undefined. */
  byName(name: string): Identity | undefined {
    const row = statement(this.db, 'SELECT * FROM iam_identities WHERE name = ?').get(name) as Row | undefined;
    return row ? this.#identity(row) : undefined;
  }

  /** Adds an identity with a new random access key (or the one given); the policy must parse. */
  create(name: string, policyText: string, key?: { accessKeyId: string; secretAccessKey: string }): Identity {
    parsePolicy(policyText);
    const accessKeyId = key?.accessKeyId ?? `AKIA${randomKeyText(16)}`;
    const secretAccessKey = key?.secretAccessKey ?? randomBytes(30).toString('base64').replace(/[+/]/g, 'x');
    const userId = `AIDA${createHash('sha256').update(`${this.accountId}:${name}`).digest('hex').slice(0, 17).toUpperCase()}`;
    statement(
      this.db,
      'INSERT INTO iam_identities (name, user_id, access_key_id, secret_access_key, policy, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(name, userId, accessKeyId, secretAccessKey, policyText, Date.now());
    this.#byKey.delete(accessKeyId);
    return this.byName(name) as Identity;
  }

  #identity(row: Row): Identity {
    // The administrator is the account itself, as the `test` key always answered.
    const root = row.name === 'admin';
    return {
      name: row.name,
      arn: root ? `arn:aws:iam::${this.accountId}:root` : `arn:aws:iam::${this.accountId}:user/${row.name}`,
      userId: root ? this.accountId : row.user_id,
      accessKeyId: row.access_key_id,
      secretAccessKey: row.secret_access_key,
      policies: [parsePolicy(row.policy)],
      policyText: row.policy,
    };
  }
}

function randomKeyText(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(length)].map((byte) => alphabet[byte % 32]).join('');
}
