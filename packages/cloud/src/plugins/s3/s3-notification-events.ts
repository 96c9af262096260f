import type { IncomingMessage } from 'node:http';
import type { CloudContext, ServiceRequest } from '../../plugin.ts';
import type { Identity } from '../../iam/identity-store.ts';
import type { LambdaPlugin } from '../lambda/lambda-plugin.ts';
import { lambdaNotifications, mayInvoke, type LambdaNotification } from './s3-notification-config.ts';

/** What happened to an object, as an S3 event record names it. */
export interface ObjectEvent {
  bucket: string;
  key: string;
  /** `ObjectCreated:Put`, `ObjectRemoved:DeleteMarkerCreated`, … (without the `s3:` prefix). */
  name: string;
  size?: number;
  /** Quoted, as S3 answers it; the record carries it unquoted. */
  etag?: string;
  /** Set for versioned buckets' versions. */
  versionId?: string;
  /** Who made the request, from where (`requestOrigin`). */
  origin: RequestOrigin;
}

/** The requester an event record names. */
export interface RequestOrigin {
  caller?: Identity;
  sourceIp: string;
  requestId: string;
}

/** Who sent `request` and from which address. */
export function requestOrigin(request: ServiceRequest): RequestOrigin {
  const socket = (request.stream as Partial<IncomingMessage>).socket;
  return {
    ...(request.caller ? { caller: request.caller } : {}),
    sourceIp: socket?.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    requestId: request.requestId ?? '',
  };
}

let sequence = 0n;

/**
 * Sends the event to every function the bucket's configuration names for it (event type and key
 * filter), as an asynchronous invoke — after checking, as S3 does on delivery, that the function's
 * resource policy still lets S3 in. Delivery never fails the request that caused it.
 */
export function notifyObjectEvent(ctx: CloudContext, event: ObjectEvent): void {
  const matching = lambdaNotifications(ctx.db, event.bucket).filter((n) => matches(n, event));
  if (matching.length === 0) return;
  const lambda = ctx.plugin<LambdaPlugin>('lambda');
  // Keys' sequencers grow with each event, as S3 orders events of one key.
  const sequencer = (BigInt(ctx.now().getTime()) * 1000n + (sequence++ % 1000n))
    .toString(16)
    .toUpperCase()
    .padStart(18, '0');
  for (const notification of matching) {
    if (!mayInvoke(lambda, notification.functionArn, event.bucket, ctx.accountId)) continue;
    const payload = Buffer.from(JSON.stringify({ Records: [record(ctx, event, notification.id, sequencer)] }));
    try {
      lambda.invokeEvent(notification.functionArn, payload, undefined);
    } catch {
      // A function deleted since the check: S3 drops the event, as it does when delivery fails.
    }
  }
}

function matches(notification: LambdaNotification, event: ObjectEvent): boolean {
  const [category] = event.name.split(':');
  const typed = notification.events.some((type) => type === `s3:${event.name}` || type === `s3:${category}:*`);
  return typed && event.key.startsWith(notification.prefix) && event.key.endsWith(notification.suffix);
}

/** One S3 event record (event version 2.1), the key URL-encoded as S3 sends it. */
function record(ctx: CloudContext, event: ObjectEvent, configurationId: string, sequencer: string) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: ctx.region,
    eventTime: ctx.now().toISOString(),
    eventName: event.name,
    userIdentity: { principalId: event.origin.caller ? `AWS:${event.origin.caller.userId}` : 'Anonymous' },
    requestParameters: { sourceIPAddress: event.origin.sourceIp },
    responseElements: { 'x-amz-request-id': event.origin.requestId, 'x-amz-id-2': event.origin.requestId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: {
        name: event.bucket,
        ownerIdentity: { principalId: ctx.accountId },
        arn: `arn:aws:s3:::${event.bucket}`,
      },
      object: {
        key: encodeURIComponent(event.key).replaceAll('%2F', '/').replaceAll('%20', '+'),
        ...(event.size === undefined ? {} : { size: event.size }),
        ...(event.etag ? { eTag: event.etag.replaceAll('"', '') } : {}),
        ...(event.versionId && event.versionId !== 'null' ? { versionId: event.versionId } : {}),
        sequencer,
      },
    },
  };
}
