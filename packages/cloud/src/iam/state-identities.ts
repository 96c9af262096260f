import { openDatabase } from '../state/database.ts';
import { ensurePrivateDir, stateLayout } from '../state/state-dir.ts';
import { IdentityStore, migrateIdentities, type Identity } from './identity-store.ts';
import { parsePolicy } from './policy-document.ts';

/** An identity as the toolkit shows it: its ARN and access key (the secret only where asked for). */
export interface IdentitySummary {
  name: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Runs `work` on the identities of the state folder `stateDir`, whether or not a cloud
 * serves it (SQLite in WAL mode takes a second writer; the serving cloud reads new
 * identities on their first request). Creates the table and the default identities
 * when the folder never ran a cloud.
 */
export function withStateIdentities<T>(stateDir: string, accountId: string, work: (store: IdentityStore) => T): T {
  const layout = stateLayout(stateDir);
  const db = openDatabase(layout.db);
  try {
    db.transaction(() => migrateIdentities(db, accountId))();
    return work(new IdentityStore(db, accountId));
  } finally {
    db.close();
  }
}

/** Creates an identity with its own random access key and the given identity policy (JSON text, checked); `exists` when the name is taken. */
export async function createStateIdentity(
  stateDir: string,
  accountId: string,
  name: string,
  policyText: string,
): Promise<IdentitySummary | 'exists'> {
  await ensurePrivateDir(stateDir);
  parsePolicy(policyText);
  return withStateIdentities(stateDir, accountId, (store) => {
    if (store.byName(name)) return 'exists' as const;
    return summary(store.create(name, policyText));
  });
}

/** One identity of a state folder, or undefined. */
export async function readStateIdentity(
  stateDir: string,
  accountId: string,
  name: string,
): Promise<IdentitySummary | undefined> {
  await ensurePrivateDir(stateDir);
  return withStateIdentities(stateDir, accountId, (store) => {
    const identity = store.byName(name);
    return identity && summary(identity);
  });
}

function summary(identity: Identity): IdentitySummary {
  return {
    name: identity.name,
    arn: identity.arn,
    accessKeyId: identity.accessKeyId,
    secretAccessKey: identity.secretAccessKey,
  };
}
