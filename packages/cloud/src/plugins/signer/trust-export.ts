import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { UserInputError, messages } from '@toolkit/core';
import type { TrustData } from '@toolkit/signing';
import { stateLayout } from '../../state/state-dir.ts';
import { JobStore } from './job-store.ts';
import { ProfileStore } from './profile-store.ts';
import { buildTrustData } from './trust-data.ts';
import { statement } from '../../state/statements.ts';

/**
 * The trust file of a local cloud's state directory (`toolkit local trust
 * export`): every profile version's public key and every revocation. Reads the
 * database directly, so the cloud need not run; safe while it runs (SQLite WAL).
 */
export function exportTrust(stateDir: string, now: Date = new Date()): TrustData {
  const path = stateLayout(resolve(stateDir)).db;
  if (!existsSync(path))
    throw new UserInputError(
      messages.CloudStateNotFound,
      `No local cloud state in ${resolve(stateDir)} (no cloud.db): start the local cloud once first.`,
    );
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const hasTables = statement(
      db,
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('signer_profiles', 'signer_profile_versions', 'signer_jobs')",
    ).get() as { n: number };
    if (hasTables.n < 3) return { exportedAt: now.toISOString(), profileVersions: [], revokedJobs: [] };
    return buildTrustData(new ProfileStore(db), new JobStore(db), now);
  } finally {
    db.close();
  }
}
