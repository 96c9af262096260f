import type Database from 'better-sqlite3';
import type { ValidityPeriod } from './validity-period.ts';
import { statement } from '../../state/statements.ts';

/** Status of a signing profile. */
export type ProfileStatus = 'Active' | 'Canceled' | 'Revoked';

/** A signing profile row: its current version is the one new jobs use. */
export interface ProfileRow {
  name: string;
  arn: string;
  platform_id: string;
  status: ProfileStatus;
  current_version: string;
  created_at: number;
}

/** A profile version row, with its public key and revocation record. */
export interface ProfileVersionRow {
  version: string;
  profile_name: string;
  arn: string;
  validity_value: number;
  validity_type: ValidityPeriod['type'];
  public_key_pem: string;
  created_at: number;
  revoked_effective_from: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
  revocation_reason: string | null;
}

/** A profile joined with its current version. */
export type ProfileWithVersion = ProfileRow & { version: ProfileVersionRow };

/** Filters of ListSigningProfiles, and the keyset page after `afterName`. */
export interface ProfileQuery {
  statuses: readonly ProfileStatus[];
  platformId: string | undefined;
  afterName: string | undefined;
  limit: number;
}

/** Reads and writes signing profiles and their versions. */
export class ProfileStore {
  constructor(private readonly db: Database.Database) {}

  /** The profile named `name`, with its current version. */
  get(name: string): ProfileWithVersion | undefined {
    const profile = statement(this.db, 'SELECT * FROM signer_profiles WHERE name = ?').get(name) as
      ProfileRow | undefined;
    if (!profile) return undefined;
    return { ...profile, version: this.version(profile.current_version) as ProfileVersionRow };
  }

  /** One profile version by id. */
  version(version: string): ProfileVersionRow | undefined {
    return statement(this.db, 'SELECT * FROM signer_profile_versions WHERE version = ?').get(version) as
      ProfileVersionRow | undefined;
  }

  /** Records a new version and makes it the profile's current one (creating the profile if new). */
  putVersion(profile: Omit<ProfileRow, 'status' | 'current_version'>, version: ProfileVersionRow): void {
    this.db.transaction(() => {
      statement(
        this.db,
        `INSERT INTO signer_profiles (name, arn, platform_id, status, current_version, created_at) VALUES (@name, @arn, @platform_id, 'Active', @version, @created_at)
           ON CONFLICT (name) DO UPDATE SET platform_id = excluded.platform_id, current_version = excluded.current_version`,
      ).run({ ...profile, version: version.version });
      statement(
        this.db,
        `INSERT INTO signer_profile_versions (version, profile_name, arn, validity_value, validity_type, public_key_pem, created_at)
           VALUES (@version, @profile_name, @arn, @validity_value, @validity_type, @public_key_pem, @created_at)`,
      ).run(version);
    })();
  }

  /** Sets a profile's status. */
  setStatus(name: string, status: ProfileStatus): void {
    statement(this.db, 'UPDATE signer_profiles SET status = ? WHERE name = ?').run(status, name);
  }

  /** Records (or moves earlier) a version's revocation. */
  revokeVersion(
    version: string,
    record: { effectiveFrom: number; revokedAt: number; revokedBy: string; reason: string },
  ): void {
    statement(
      this.db,
      'UPDATE signer_profile_versions SET revoked_effective_from = ?, revoked_at = ?, revoked_by = ?, revocation_reason = ? WHERE version = ?',
    ).run(record.effectiveFrom, record.revokedAt, record.revokedBy, record.reason, version);
  }

  /** One page of profiles in name order. */
  list(query: ProfileQuery): ProfileWithVersion[] {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.statuses.length > 0) {
      clauses.push(`status IN (${query.statuses.map(() => '?').join(',')})`);
      params.push(...query.statuses);
    }
    if (query.platformId !== undefined) {
      clauses.push('platform_id = ?');
      params.push(query.platformId);
    }
    if (query.afterName !== undefined) {
      clauses.push('name > ?');
      params.push(query.afterName);
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = statement(this.db, `SELECT * FROM signer_profiles ${where} ORDER BY name LIMIT ?`).all(
      ...params,
      query.limit,
    ) as ProfileRow[];
    return rows.map((row) => ({ ...row, version: this.version(row.current_version) as ProfileVersionRow }));
  }

  /** Every version of every profile, with the profile's status: the trust data's source. */
  allVersions(): (ProfileVersionRow & { profile_status: ProfileStatus })[] {
    return statement(
      this.db,
      'SELECT v.*, p.status AS profile_status FROM signer_profile_versions v JOIN signer_profiles p ON p.name = v.profile_name ORDER BY v.created_at, v.version',
    ).all() as (ProfileVersionRow & { profile_status: ProfileStatus })[];
  }
}
