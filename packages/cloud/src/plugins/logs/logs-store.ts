import type Database from 'better-sqlite3';
import { statement } from '../../state/statements.ts';

/** One log event as stored. */
export interface StoredEvent {
  id: number;
  group: string;
  stream: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
}

/** A log stream with what DescribeLogStreams reports. */
export interface StoredStream {
  group: string;
  name: string;
  creationTime: number;
  firstEventTimestamp: number | null;
  lastEventTimestamp: number | null;
  lastIngestionTime: number | null;
  storedBytes: number;
}

/** Creates the CloudWatch Logs tables: groups, streams and events (ids give the order of ingestion). */
export function migrateLogsTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS logs_groups (
      name TEXT PRIMARY KEY,
      creation_time INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS logs_streams (
      group_name TEXT NOT NULL,
      name TEXT NOT NULL,
      creation_time INTEGER NOT NULL,
      PRIMARY KEY (group_name, name)
    );
    CREATE TABLE IF NOT EXISTS logs_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      group_name TEXT NOT NULL,
      stream_name TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      message TEXT NOT NULL,
      ingestion_time INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS logs_events_stream ON logs_events (group_name, stream_name, timestamp, id);
  `);
}

/** Creates a group if it is new; returns whether it was. */
export function ensureGroup(db: Database.Database, name: string, now: number): boolean {
  return (
    statement(db, 'INSERT OR IGNORE INTO logs_groups (name, creation_time) VALUES (?, ?)').run(name, now).changes > 0
  );
}

/** Creates a stream if it is new; returns whether it was. */
export function ensureStream(db: Database.Database, group: string, name: string, now: number): boolean {
  return (
    statement(db, 'INSERT OR IGNORE INTO logs_streams (group_name, name, creation_time) VALUES (?, ?, ?)').run(
      group,
      name,
      now,
    ).changes > 0
  );
}

/** Appends events to a stream. */
export function insertEvents(
  db: Database.Database,
  group: string,
  stream: string,
  events: readonly { timestamp: number; message: string }[],
  now: number,
): void {
  const insert = statement(
    db,
    'INSERT INTO logs_events (group_name, stream_name, timestamp, message, ingestion_time) VALUES (?, ?, ?, ?, ?)',
  );
  for (const event of events) insert.run(group, stream, event.timestamp, event.message, now);
}

/** Group names with a prefix, in order, after `after`, at most `limit`. */
export function listGroups(
  db: Database.Database,
  prefix: string,
  after: string,
  limit: number,
): { name: string; creationTime: number; storedBytes: number }[] {
  return statement(
    db,
    `SELECT g.name AS name, g.creation_time AS creationTime,
       (SELECT COALESCE(SUM(LENGTH(CAST(message AS BLOB))), 0) FROM logs_events e WHERE e.group_name = g.name) AS storedBytes
     FROM logs_groups g WHERE substr(g.name, 1, ?) = ? AND g.name > ? ORDER BY g.name LIMIT ?`,
  ).all(prefix.length, prefix, after, limit) as { name: string; creationTime: number; storedBytes: number }[];
}

/** Whether a group exists. */
export function groupExists(db: Database.Database, name: string): boolean {
  return statement(db, 'SELECT 1 FROM logs_groups WHERE name = ?').get(name) !== undefined;
}

/** A group's streams with a prefix, with their event statistics. */
export function listStreams(db: Database.Database, group: string, prefix: string): StoredStream[] {
  return statement(
    db,
    `SELECT s.group_name AS "group", s.name AS name, s.creation_time AS creationTime,
       MIN(e.timestamp) AS firstEventTimestamp, MAX(e.timestamp) AS lastEventTimestamp,
       MAX(e.ingestion_time) AS lastIngestionTime, COALESCE(SUM(LENGTH(CAST(e.message AS BLOB))), 0) AS storedBytes
     FROM logs_streams s LEFT JOIN logs_events e ON e.group_name = s.group_name AND e.stream_name = s.name
     WHERE s.group_name = ? AND substr(s.name, 1, ?) = ? GROUP BY s.group_name, s.name ORDER BY s.name`,
  ).all(group, prefix.length, prefix) as StoredStream[];
}

/** Whether a stream exists. */
export function streamExists(db: Database.Database, group: string, name: string): boolean {
  return statement(db, 'SELECT 1 FROM logs_streams WHERE group_name = ? AND name = ?').get(group, name) !== undefined;
}

/** Events of a group in ingestion order, within a time window, past event id `afterId` (before it when descending). */
export function selectEvents(
  db: Database.Database,
  query: {
    group: string;
    streams?: readonly string[];
    start: number;
    end: number;
    afterId: number;
    limit: number;
    descending?: boolean;
  },
): StoredEvent[] {
  const streamFilter = query.streams ? `AND stream_name IN (${query.streams.map(() => '?').join(', ') || "''"})` : '';
  const order = query.descending ? 'DESC' : 'ASC';
  const idBound = query.descending ? 'id < ?' : 'id > ?';
  return db
    .prepare(
      `SELECT id, group_name AS "group", stream_name AS stream, timestamp, message, ingestion_time AS ingestionTime
       FROM logs_events WHERE group_name = ? ${streamFilter} AND timestamp >= ? AND timestamp < ? AND ${idBound}
       ORDER BY id ${order} LIMIT ?`,
    )
    .all(
      query.group,
      ...(query.streams ?? []),
      query.start,
      query.end,
      query.descending && query.afterId === 0 ? Number.MAX_SAFE_INTEGER : query.afterId,
      query.limit,
    ) as StoredEvent[];
}
