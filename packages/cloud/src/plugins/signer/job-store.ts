import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';

/** Status of a signing job. */
export type JobStatus = 'InProgress' | 'Failed' | 'Succeeded';

/** A signing job row. */
export interface JobRow {
  job_id: string;
  job_arn: string;
  client_request_token: string;
  request_fingerprint: string;
  profile_name: string;
  profile_version: string;
  platform_id: string;
  source_bucket: string;
  source_key: string;
  source_version: string;
  destination_bucket: string;
  destination_prefix: string;
  status: JobStatus;
  status_reason: string | null;
  signed_key: string | null;
  requested_by: string;
  job_owner: string;
  job_invoker: string;
  created_at: number;
  completed_at: number | null;
  signature_expires_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
  revocation_reason: string | null;
}

/** Filters of ListSigningJobs, and the keyset page after `after` ([created_at, job_id]). */
export interface JobQuery {
  status?: JobStatus;
  platformId?: string;
  requestedBy?: string;
  isRevoked?: boolean;
  signatureExpiresBefore?: number;
  signatureExpiresAfter?: number;
  jobInvoker?: string;
  after?: [number, string];
  limit: number;
}

/** Reads and writes signing jobs. */
export class JobStore {
  constructor(private readonly db: Database.Database) {}

  /** One job by id. */
  get(jobId: string): JobRow | undefined {
    return statement(this.db, 'SELECT * FROM signer_jobs WHERE job_id = ?').get(jobId) as JobRow | undefined;
  }

  /** The job a clientRequestToken started, if any. */
  byToken(token: string): JobRow | undefined {
    return statement(this.db, 'SELECT * FROM signer_jobs WHERE client_request_token = ?').get(token) as
      JobRow | undefined;
  }

  /** Records a new InProgress job. */
  insert(job: JobRow): void {
    const columns = Object.keys(job);
    statement(
      this.db,
      `INSERT INTO signer_jobs (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    ).run(job);
  }

  /** Finishes an InProgress job; false when it was not InProgress any more. */
  complete(
    jobId: string,
    outcome: {
      status: 'Failed' | 'Succeeded';
      statusReason: string;
      completedAt: number;
      signedKey?: string;
      signatureExpiresAt?: number;
    },
  ): boolean {
    const result = statement(
      this.db,
      `UPDATE signer_jobs SET status = ?, status_reason = ?, completed_at = ?, signed_key = ?, signature_expires_at = ?
         WHERE job_id = ? AND status = 'InProgress'`,
    ).run(
      outcome.status,
      outcome.statusReason,
      outcome.completedAt,
      outcome.signedKey ?? null,
      outcome.signatureExpiresAt ?? null,
      jobId,
    );
    return result.changes === 1;
  }

  /** Records a job's revocation. */
  revoke(jobId: string, record: { revokedAt: number; revokedBy: string; reason: string }): void {
    statement(
      this.db,
      'UPDATE signer_jobs SET revoked_at = ?, revoked_by = ?, revocation_reason = ? WHERE job_id = ?',
    ).run(record.revokedAt, record.revokedBy, record.reason, jobId);
  }

  /** Jobs a crash left InProgress, oldest first. */
  inProgress(): JobRow[] {
    return statement(
      this.db,
      "SELECT * FROM signer_jobs WHERE status = 'InProgress' ORDER BY created_at",
    ).all() as JobRow[];
  }

  /** Every revoked job, for the trust data. */
  revoked(): JobRow[] {
    return statement(
      this.db,
      'SELECT * FROM signer_jobs WHERE revoked_at IS NOT NULL ORDER BY revoked_at, job_id',
    ).all() as JobRow[];
  }

  /** One page of jobs, newest first. */
  list(query: JobQuery): JobRow[] {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      clauses.push(clause);
      params.push(...values);
    };
    if (query.status !== undefined) add('status = ?', query.status);
    if (query.platformId !== undefined) add('platform_id = ?', query.platformId);
    if (query.requestedBy !== undefined) add('requested_by = ?', query.requestedBy);
    if (query.jobInvoker !== undefined) add('job_invoker = ?', query.jobInvoker);
    if (query.isRevoked !== undefined) add(query.isRevoked ? 'revoked_at IS NOT NULL' : 'revoked_at IS NULL');
    if (query.signatureExpiresBefore !== undefined) add('signature_expires_at < ?', query.signatureExpiresBefore);
    if (query.signatureExpiresAfter !== undefined) add('signature_expires_at > ?', query.signatureExpiresAfter);
    if (query.after !== undefined)
      add('(created_at < ? OR (created_at = ? AND job_id < ?))', query.after[0], query.after[0], query.after[1]);
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    return statement(this.db, `SELECT * FROM signer_jobs ${where} ORDER BY created_at DESC, job_id DESC LIMIT ?`).all(
      ...params,
      query.limit,
    ) as JobRow[];
  }
}
