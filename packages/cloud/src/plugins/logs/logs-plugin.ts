import type Database from 'better-sqlite3';
import type { CloudContext, ServicePlugin, ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { jsonResponse, readJsonBody, restJsonCodec } from '../../protocols/rest-json.ts';
import { ServiceError } from '../../service-error.ts';
import {
  createLogGroup,
  createLogStream,
  describeLogGroups,
  describeLogStreams,
  filterLogEvents,
  getLogEvents,
  putLogEvents,
  type LogsCall,
} from './logs-handlers.ts';
import { LOGS_IAM } from './logs-iam.ts';
import { ensureGroup, ensureStream, insertEvents, migrateLogsTables } from './logs-store.ts';

/** One log event written by another plugin. */
export interface LogEventInput {
  timestamp: number;
  message: string;
}

/** The CloudWatch Logs plugin, with the in-process API Lambda writes its invokes' logs through. */
export interface LogsPlugin extends ServicePlugin {
  readonly name: 'logs';
  /** Queues events for a stream (group and stream created as needed); written in one transaction within FLUSH_DELAY_MS. */
  appendEvents(group: string, stream: string, events: readonly LogEventInput[]): void;
  /** Writes queued events now. */
  flush(): void;
}

const OPERATIONS: ReadonlyMap<string, (call: LogsCall) => unknown> = new Map([
  ['DescribeLogGroups', describeLogGroups],
  ['DescribeLogStreams', describeLogStreams],
  ['GetLogEvents', getLogEvents],
  ['FilterLogEvents', filterLogEvents],
  ['CreateLogGroup', createLogGroup],
  ['CreateLogStream', createLogStream],
  ['PutLogEvents', putLogEvents],
]);

/**
 * How long Lambda's log events wait to be written: one transaction (one fsync, a few ms on a
 * busy disk, blocking the event loop) per batch rather than per invoke keeps warm invokes fast.
 */
const FLUSH_DELAY_MS = 100;

/**
 * CloudWatch Logs (JSON 1.1, `X-Amz-Target: Logs_20140328.<Operation>`): groups, streams and
 * events in SQLite. Lambda's writes are batched: an invoke answers without waiting for a
 * commit (one fsync each would dominate a warm invoke); every read writes the queue first.
 */
export function createLogsPlugin(): LogsPlugin {
  let db: Database.Database | undefined;
  let now: () => Date = () => new Date();
  const queue: { group: string; stream: string; events: readonly LogEventInput[] }[] = [];
  let scheduled: NodeJS.Timeout | undefined;

  const flush = (): void => {
    clearTimeout(scheduled);
    scheduled = undefined;
    if (!db || queue.length === 0) return;
    const batch = queue.splice(0);
    const at = now().getTime();
    // No caller waits on these events, so their commit skips the fsync (synchronous=NORMAL; the
    // next FULL commit syncs the WAL with them): it blocked the event loop ~7 ms every 100 ms,
    // the p99 of warm invokes (B9). A killed process keeps them; a power loss may drop the last.
    db.pragma('synchronous = NORMAL');
    try {
      db.transaction(() => {
        for (const item of batch) {
          ensureGroup(db!, item.group, at);
          ensureStream(db!, item.group, item.stream, at);
          insertEvents(db!, item.group, item.stream, item.events, at);
        }
      })();
    } finally {
      db.pragma('synchronous = FULL');
    }
  };

  return {
    name: 'logs',
    codec: restJsonCodec({ errorBody: (error) => ({ __type: error.code, message: error.message }) }),
    migrate(database) {
      migrateLogsTables(database);
      db = database;
    },
    start(ctx) {
      db = ctx.db;
      now = () => ctx.now();
    },
    async handle(request: ServiceRequest, ctx: CloudContext): Promise<ServiceResponse> {
      const target = request.headers['x-amz-target'];
      const operation = typeof target === 'string' && target.startsWith('Logs_20140328.') ? target.slice(14) : '';
      const handler = OPERATIONS.get(operation);
      if (request.method !== 'POST' || !handler)
        throw new ServiceError(
          'UnknownOperationException',
          400,
          `The local cloud's CloudWatch Logs does not implement ${operation || String(target)}.`,
        );
      const body = await readJsonBody(request);
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new ServiceError('SerializationException', 400, 'Could not parse request body into json');
      const call = { db: ctx.db, body, region: ctx.region, accountId: ctx.accountId, now: ctx.now().getTime() };
      LOGS_IAM.authorize(request, ctx, operation, call);
      flush();
      const reply = handler(call);
      return jsonResponse(200, reply, { 'content-type': 'application/x-amz-json-1.1' });
    },
    appendEvents(group, stream, events) {
      queue.push({ group, stream, events });
      if (!scheduled) {
        scheduled = setTimeout(flush, FLUSH_DELAY_MS);
        scheduled.unref();
      }
    },
    flush,
    close() {
      flush();
      // The database closes next: an environment that reports a last invoke while the cloud
      // stops (plugins close one by one) must not schedule a write to it.
      db = undefined;
    },
  };
}
