import type Database from 'better-sqlite3';
import { S3_XML_BODY_LIMIT } from '../../protocols/body-limits.ts';
import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { xmlResponse } from '../../protocols/rest-xml.ts';
import { parseXml } from '../../protocols/xml.ts';
import { ServiceError } from '../../service-error.ts';
import { statement } from '../../state/statements.ts';
import type { LambdaPlugin } from '../lambda/lambda-plugin.ts';
import type { S3Env } from './s3-env.ts';
import { s3Errors } from './s3-errors.ts';

/** One `CloudFunctionConfiguration`: the events that invoke a function, and the key filter. */
export interface LambdaNotification {
  id: string;
  functionArn: string;
  /** `s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`, … */
  events: string[];
  prefix: string;
  suffix: string;
}

/** The event types S3 delivers for the operations the local S3 serves. */
const EVENT_TYPES = new Set([
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
]);

/** S3's principal in Lambda resource policies. */
export const S3_PRINCIPAL = 's3.amazonaws.com';

/** Creates the table of buckets' notification configurations (gone with their bucket). */
export function migrateS3Notifications(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS s3_bucket_notifications (
      bucket TEXT PRIMARY KEY REFERENCES s3_buckets(name) ON DELETE CASCADE,
      config TEXT NOT NULL
    );
  `);
}

/** The bucket's Lambda notifications, none when it has no configuration. */
export function lambdaNotifications(db: Database.Database, bucket: string): LambdaNotification[] {
  const row = statement(db, 'SELECT config FROM s3_bucket_notifications WHERE bucket = ?').get(bucket) as
    { config: string } | undefined;
  return row ? (JSON.parse(row.config) as LambdaNotification[]) : [];
}

/**
 * PutBucketNotificationConfiguration: function configurations, each checked as S3 checks them —
 * the function exists and its resource policy lets `s3.amazonaws.com` invoke it for this bucket.
 * Queue and topic destinations cannot exist in the local cloud, so S3's check refuses them too.
 */
export async function putBucketNotification(
  request: ServiceRequest,
  env: S3Env,
  bucket: string,
): Promise<ServiceResponse> {
  env.store.bucket(bucket);
  const parsed = parseXml(await request.readBody(S3_XML_BODY_LIMIT), [
    'CloudFunctionConfiguration',
    'QueueConfiguration',
    'TopicConfiguration',
    'Event',
    'FilterRule',
  ]).NotificationConfiguration;
  const config = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const unreachable = [...list(config.QueueConfiguration, 'Queue'), ...list(config.TopicConfiguration, 'Topic')];
  const notifications = list(config.CloudFunctionConfiguration, 'CloudFunction').map(({ entry, destination }, i) =>
    lambdaNotification(entry, destination, i),
  );
  const lambda = env.ctx.plugin<LambdaPlugin>('lambda');
  const invalid = [
    ...unreachable.map((item) => item.destination),
    ...notifications
      .filter((n) => !mayInvoke(lambda, n.functionArn, bucket, env.ctx.accountId))
      .map((n) => n.functionArn),
  ];
  if (invalid.length > 0)
    throw s3Errors.invalidArgument(
      'Unable to validate the following destination configurations',
      invalid[0] ?? '',
      'Not authorized to invoke function or the destination does not exist',
    );
  statement(
    env.ctx.db,
    'INSERT INTO s3_bucket_notifications (bucket, config) VALUES (?, ?) ON CONFLICT (bucket) DO UPDATE SET config = excluded.config',
  ).run(bucket, JSON.stringify(notifications));
  return { status: 200 };
}

/** GetBucketNotificationConfiguration. */
export function getBucketNotification(env: S3Env, bucket: string): ServiceResponse {
  env.store.bucket(bucket);
  return xmlResponse('NotificationConfiguration', {
    CloudFunctionConfiguration: lambdaNotifications(env.ctx.db, bucket).map((n) => ({
      Id: n.id,
      CloudFunction: n.functionArn,
      Event: n.events,
      ...(n.prefix || n.suffix
        ? {
            Filter: {
              S3Key: {
                FilterRule: [
                  ...(n.prefix ? [{ Name: 'Prefix', Value: n.prefix }] : []),
                  ...(n.suffix ? [{ Name: 'Suffix', Value: n.suffix }] : []),
                ],
              },
            },
          }
        : {}),
    })),
  });
}

/** Whether the function's resource policy lets S3 invoke it for `bucket` (false when there is no such function). */
export function mayInvoke(lambda: LambdaPlugin, functionArn: string, bucket: string, accountId: string): boolean {
  try {
    return lambda.allowsServiceInvoke(functionArn, {
      principal: S3_PRINCIPAL,
      sourceArn: `arn:aws:s3:::${bucket}`,
      sourceAccount: accountId,
    });
  } catch (error) {
    // Lambda's ResourceNotFoundException: a function that does not exist cannot be invoked.
    if (error instanceof ServiceError) return false;
    throw error;
  }
}

/** Repeated configuration elements, each with its destination (`CloudFunction`, `Queue`, `Topic`). */
function list(value: unknown, destinationTag: string): { entry: Record<string, unknown>; destination: string }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw s3Errors.malformedXml();
  return value.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) throw s3Errors.malformedXml();
    const destination = (entry as Record<string, unknown>)[destinationTag];
    if (typeof destination !== 'string' || destination === '') throw s3Errors.malformedXml();
    return { entry: entry as Record<string, unknown>, destination };
  });
}

function lambdaNotification(entry: Record<string, unknown>, functionArn: string, index: number): LambdaNotification {
  const events = entry.Event;
  if (!Array.isArray(events) || events.length === 0) throw s3Errors.malformedXml();
  for (const event of events)
    if (typeof event !== 'string' || !EVENT_TYPES.has(event))
      throw s3Errors.invalidArgument('The event is not supported for notifications', 'Event', String(event));
  const filter = (entry.Filter as { S3Key?: { FilterRule?: unknown } } | undefined)?.S3Key?.FilterRule;
  let prefix = '';
  let suffix = '';
  for (const rule of Array.isArray(filter) ? filter : []) {
    const { Name: name, Value: value } = (rule ?? {}) as { Name?: unknown; Value?: unknown };
    const kind = typeof name === 'string' ? name.toLowerCase() : '';
    if ((kind !== 'prefix' && kind !== 'suffix') || typeof value !== 'string')
      throw s3Errors.invalidArgument('filter rule name must be either prefix or suffix', 'FilterRule', String(name));
    if (kind === 'prefix') prefix = value;
    else suffix = value;
  }
  const id = typeof entry.Id === 'string' && entry.Id !== '' ? entry.Id : `notification-${index + 1}`;
  return { id, functionArn, events: events as string[], prefix, suffix };
}
