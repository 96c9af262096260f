import type Database from 'better-sqlite3';
import { ServiceError } from '../../service-error.ts';
import {
  groupExists,
  listGroups,
  listStreams,
  selectEvents,
  streamExists,
  ensureGroup,
  ensureStream,
  insertEvents,
  type StoredEvent,
} from './logs-store.ts';

/** One decoded Logs call. */
export interface LogsCall {
  db: Database.Database;
  body: Record<string, unknown>;
  region: string;
  accountId: string;
  now: number;
}

const FAR_FUTURE = 8_640_000_000_000_000;

function text(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${field} must be a string`);
  return value;
}

function int(body: Record<string, unknown>, field: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = body[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
    throw invalidParameter(`${field} must be an integer between 0 and ${max}`);
  return value;
}

function invalidParameter(message: string): ServiceError {
  return new ServiceError('InvalidParameterException', 400, message);
}

function groupNotFound(): ServiceError {
  return new ServiceError('ResourceNotFoundException', 400, 'The specified log group does not exist.');
}

function requireGroup(call: LogsCall): string {
  const name =
    text(call.body, 'logGroupName') ?? text(call.body, 'logGroupIdentifier')?.replace(/^arn:.*:log-group:/, '');
  if (!name) throw invalidParameter('logGroupName is required');
  if (!groupExists(call.db, name)) throw groupNotFound();
  return name;
}

function groupArn(call: LogsCall, name: string): string {
  return `arn:aws:logs:${call.region}:${call.accountId}:log-group:${name}`;
}

/** DescribeLogGroups: groups by prefix, paged by name. */
export function describeLogGroups(call: LogsCall): unknown {
  const limit = int(call.body, 'limit', 50, 50) || 50;
  const groups = listGroups(
    call.db,
    text(call.body, 'logGroupNamePrefix') ?? '',
    text(call.body, 'nextToken') ?? '',
    limit + 1,
  );
  const page = groups.slice(0, limit);
  return {
    logGroups: page.map((group) => ({
      logGroupName: group.name,
      creationTime: group.creationTime,
      metricFilterCount: 0,
      arn: `${groupArn(call, group.name)}:*`,
      logGroupArn: groupArn(call, group.name),
      storedBytes: group.storedBytes,
      logGroupClass: 'STANDARD',
    })),
    ...(groups.length > limit ? { nextToken: page.at(-1)!.name } : {}),
  };
}

/** DescribeLogStreams: a group's streams by name, or by last event time (`orderBy: LastEventTime`). */
export function describeLogStreams(call: LogsCall): unknown {
  const group = requireGroup(call);
  const streams = listStreams(call.db, group, text(call.body, 'logStreamNamePrefix') ?? '');
  if (call.body.orderBy === 'LastEventTime')
    streams.sort((a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0));
  if (call.body.descending === true) streams.reverse();
  const start = Number(text(call.body, 'nextToken') ?? 0) || 0;
  const limit = int(call.body, 'limit', 50, 50) || 50;
  const page = streams.slice(start, start + limit);
  return {
    logStreams: page.map((stream) => ({
      logStreamName: stream.name,
      creationTime: stream.creationTime,
      ...(stream.firstEventTimestamp === null
        ? {}
        : {
            firstEventTimestamp: stream.firstEventTimestamp,
            lastEventTimestamp: stream.lastEventTimestamp,
            lastIngestionTime: stream.lastIngestionTime,
          }),
      arn: `${groupArn(call, group)}:log-stream:${stream.name}`,
      storedBytes: stream.storedBytes,
    })),
    ...(start + limit < streams.length ? { nextToken: String(start + limit) } : {}),
  };
}

/** GetLogEvents: one stream's events, oldest first with `startFromHead`, else the newest page. */
export function getLogEvents(call: LogsCall): unknown {
  const group = requireGroup(call);
  const stream = text(call.body, 'logStreamName');
  if (!stream) throw invalidParameter('logStreamName is required');
  if (!streamExists(call.db, group, stream))
    throw new ServiceError('ResourceNotFoundException', 400, 'The specified log stream does not exist.');
  const limit = int(call.body, 'limit', 10_000, 10_000) || 10_000;
  const token = text(call.body, 'nextToken');
  const [direction, id] = token ? token.split('/') : [];
  const window = { start: int(call.body, 'startTime', 0), end: int(call.body, 'endTime', FAR_FUTURE) };
  let events: StoredEvent[];
  if (direction === 'f' || (direction === undefined && call.body.startFromHead === true)) {
    events = selectEvents(call.db, { group, streams: [stream], ...window, afterId: Number(id ?? 0), limit });
  } else {
    events = selectEvents(call.db, {
      group,
      streams: [stream],
      ...window,
      afterId: Number(id ?? 0),
      limit,
      descending: true,
    }).reverse();
  }
  const first = events[0]?.id ?? Number(id ?? 0);
  const last = events.at(-1)?.id ?? Number(id ?? 0);
  return {
    events: events.map((event) => ({
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
    })),
    nextForwardToken: `f/${String(last).padStart(56, '0')}`,
    nextBackwardToken: `b/${String(first).padStart(56, '0')}`,
  };
}

/** FilterLogEvents: a group's events (optionally some streams), matching every term of a simple filter pattern. */
export function filterLogEvents(call: LogsCall): unknown {
  const group = requireGroup(call);
  const names = call.body.logStreamNames;
  if (names !== undefined && (!Array.isArray(names) || names.some((name) => typeof name !== 'string')))
    throw invalidParameter('logStreamNames must be a list of strings');
  const prefix = text(call.body, 'logStreamNamePrefix');
  const streams =
    (names as string[] | undefined) ??
    (prefix === undefined ? undefined : listStreams(call.db, group, prefix).map((s) => s.name));
  const limit = int(call.body, 'limit', 10_000, 10_000) || 10_000;
  const terms = patternTerms(text(call.body, 'filterPattern') ?? '');
  const matched: StoredEvent[] = [];
  let afterId = Number(text(call.body, 'nextToken') ?? 0) || 0;
  const window = { start: int(call.body, 'startTime', 0), end: int(call.body, 'endTime', FAR_FUTURE) };
  for (;;) {
    const batch = selectEvents(call.db, { group, streams, ...window, afterId, limit: 1000 });
    for (const event of batch) {
      afterId = event.id;
      if (terms.every((term) => event.message.includes(term))) matched.push(event);
      if (matched.length === limit) break;
    }
    if (batch.length < 1000 || matched.length === limit) break;
  }
  return {
    events: matched.map((event) => ({
      logStreamName: event.stream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: String(event.id).padStart(56, '0'),
    })),
    searchedLogStreams: [],
    ...(matched.length === limit ? { nextToken: String(afterId) } : {}),
  };
}

/** CreateLogGroup. */
export function createLogGroup(call: LogsCall): unknown {
  const name = text(call.body, 'logGroupName');
  if (!name || !/^[\w\-_/.#]{1,512}$/.test(name)) throw invalidParameter('logGroupName is not valid');
  if (!ensureGroup(call.db, name, call.now))
    throw new ServiceError('ResourceAlreadyExistsException', 400, 'The specified log group already exists');
  return {};
}

/** CreateLogStream. */
export function createLogStream(call: LogsCall): unknown {
  const group = requireGroup(call);
  const name = text(call.body, 'logStreamName');
  if (!name || name.includes(':') || name.length > 512) throw invalidParameter('logStreamName is not valid');
  if (!ensureStream(call.db, group, name, call.now))
    throw new ServiceError('ResourceAlreadyExistsException', 400, 'The specified log stream already exists');
  return {};
}

/** PutLogEvents. */
export function putLogEvents(call: LogsCall): unknown {
  const group = requireGroup(call);
  const stream = text(call.body, 'logStreamName') ?? '';
  if (!streamExists(call.db, group, stream))
    throw new ServiceError('ResourceNotFoundException', 400, 'The specified log stream does not exist.');
  const events = call.body.logEvents;
  if (!Array.isArray(events) || events.length === 0) throw invalidParameter('logEvents must be a non-empty list');
  const parsed = events.map((event: unknown) => {
    const e = event as { timestamp?: unknown; message?: unknown };
    if (typeof e?.timestamp !== 'number' || typeof e.message !== 'string')
      throw invalidParameter('each log event needs a timestamp and a message');
    return { timestamp: e.timestamp, message: e.message };
  });
  insertEvents(call.db, group, stream, parsed, call.now);
  return { nextSequenceToken: String(call.now) };
}

/** The terms of a filter pattern: words, or quoted phrases; every one must occur. */
function patternTerms(pattern: string): string[] {
  const terms: string[] = [];
  for (const match of pattern.matchAll(/"([^"]*)"|(\S+)/g)) terms.push(match[1] ?? match[2] ?? '');
  return terms.filter((term) => term !== '');
}
