import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';
import type { ResourceRecord } from './model.ts';

/** A resource of a live stack, as other services of the cloud read it (API Gateway routes its APIs from them). */
export interface DeployedStackResource extends ResourceRecord {
  stackName: string;
  stackId: string;
}

// Resources that exist: created or updated, or in the middle of an update (the previous state still serves).
const LIVE_STATUSES = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_IN_PROGRESS', 'UPDATE_FAILED'];

/** The live resources of these types, over every stack that is not deleted, oldest stack first. */
export function deployedResourcesOfTypes(db: Database.Database, types: readonly string[]): DeployedStackResource[] {
  const rows = statement(
    db,
    `SELECT s.stack_name AS stackName, s.stack_id AS stackId, r.doc AS doc
       FROM cfn_stack_resources r JOIN cfn_stacks s ON s.stack_id = r.stack_id
      WHERE s.deleted = 0 AND json_extract(r.doc, '$.type') IN (SELECT value FROM json_each(?))
      ORDER BY s.created_seq, r.rowid`,
  ).all(JSON.stringify(types)) as { stackName: string; stackId: string; doc: string }[];
  const live: DeployedStackResource[] = [];
  for (const row of rows) {
    const resource = JSON.parse(row.doc) as ResourceRecord;
    if (resource.physicalId === undefined || !LIVE_STATUSES.includes(resource.status)) continue;
    live.push({ ...resource, stackName: row.stackName, stackId: row.stackId });
  }
  return live;
}

/**
 * What changes when any resource of these types does (its stack, id, status and time): a reader
 * compares it to decide whether to read the resources again, without parsing their documents.
 */
export function deployedResourcesFingerprint(db: Database.Database, types: readonly string[]): string {
  const row = statement(
    db,
    `SELECT group_concat(s.stack_id || '/' || r.logical_id || '/' || json_extract(r.doc, '$.status') || '/' ||
                         json_extract(r.doc, '$.timestamp'), ';') AS fingerprint
       FROM cfn_stack_resources r JOIN cfn_stacks s ON s.stack_id = r.stack_id
      WHERE s.deleted = 0 AND json_extract(r.doc, '$.type') IN (SELECT value FROM json_each(?))`,
  ).get(JSON.stringify(types)) as { fingerprint: string | null };
  return row.fingerprint ?? '';
}
