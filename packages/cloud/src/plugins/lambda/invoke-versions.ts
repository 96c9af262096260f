import type Database from 'better-sqlite3';
import { requireVersion } from './function-lookup.ts';
import type { ArnScope } from './lambda-arns.ts';
import type { VersionRow } from './function-store.ts';

/** A resolved version as invokes see it: the row, and the alias it was reached through. */
export type ResolvedVersion = VersionRow & { aliasName?: string };

/** Resolutions kept at most; a full cache is simply started over. */
const MAX_ENTRIES = 1_000;

/**
 * The versions that invokes resolve (function name and qualifier → version row), kept in memory:
 * a warm invoke then reads no SQLite rows. Every change to Lambda's tables runs through
 * `changing`, which empties the cache when the change starts and when it ends and bypasses it
 * while any change is under way, so an invoke never runs a version older than the committed one.
 */
export class InvokeVersions {
  readonly #entries = new Map<string, ResolvedVersion>();
  #changes = 0;

  /** The version `qualifier` names (none: `$LATEST`), with requireVersion's errors. */
  resolve(db: Database.Database, scope: ArnScope, name: string, qualifier: string | undefined): ResolvedVersion {
    if (this.#changes > 0) return requireVersion(db, scope, name, qualifier);
    const key = `${name}\0${qualifier ?? ''}`;
    const cached = this.#entries.get(key);
    if (cached) return cached;
    const resolved = requireVersion(db, scope, name, qualifier);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, resolved);
    return resolved;
  }

  /** Runs a change to Lambda's tables (a write operation), with the cache out of the way. */
  async changing<T>(change: () => Promise<T>): Promise<T> {
    this.#changes++;
    this.#entries.clear();
    try {
      return await change();
    } finally {
      this.#changes--;
      this.#entries.clear();
    }
  }
}
