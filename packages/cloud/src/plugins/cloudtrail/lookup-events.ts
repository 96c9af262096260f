import { ServiceError } from '../../service-error.ts';
import type { TrailEvent } from './lambda-trail-events.ts';

/** LookupEvents' `LookupAttributes[].AttributeKey`, and the event field each one matches. */
const ATTRIBUTES: ReadonlyMap<string, (event: TrailEvent) => readonly string[]> = new Map([
  ['EventId', (e: TrailEvent) => [e.EventId]],
  ['EventName', (e: TrailEvent) => [e.EventName]],
  ['ReadOnly', (e: TrailEvent) => [e.ReadOnly]],
  ['EventSource', (e: TrailEvent) => [e.EventSource]],
  ['ResourceName', (e: TrailEvent) => e.Resources.map((r) => r.ResourceName)],
  ['ResourceType', (e: TrailEvent) => e.Resources.map((r) => r.ResourceType)],
  // The local cloud records no caller for these events.
  ['Username', () => []],
  ['AccessKeyId', () => []],
]);

const DEFAULT_RESULTS = 50;

/** LookupEvents over `events` (newest first): one lookup attribute, a time range, pages of at most 50. */
export function lookupEvents(events: readonly TrailEvent[], body: Record<string, unknown>): Record<string, unknown> {
  const attributes = body.LookupAttributes ?? [];
  if (!Array.isArray(attributes) || attributes.length > 1)
    throw invalidAttributes('You cannot specify more than one lookup attribute.');
  let matches: (event: TrailEvent) => boolean = () => true;
  const [attribute] = attributes as { AttributeKey?: unknown; AttributeValue?: unknown }[];
  if (attribute !== undefined) {
    const key = attribute.AttributeKey;
    const value = attribute.AttributeValue;
    const field = typeof key === 'string' ? ATTRIBUTES.get(key) : undefined;
    if (!field) throw invalidAttributes(`Lookup attribute key ${String(key)} is not valid.`);
    if (typeof value !== 'string' || value === '')
      throw invalidAttributes('The lookup attribute value must be a non-empty string.');
    matches = (event) => field(event).includes(value);
  }
  if (body.EventCategory !== undefined && body.EventCategory !== 'insight')
    throw new ServiceError('InvalidEventCategoryException', 400, 'Event category is not valid.');
  const start = time(body.StartTime, Number.NEGATIVE_INFINITY);
  const end = time(body.EndTime, Number.POSITIVE_INFINITY);
  if (start > end) throw new ServiceError('InvalidTimeRangeException', 400, 'Start time must be before end time.');
  const max = body.MaxResults ?? DEFAULT_RESULTS;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50)
    throw new ServiceError('InvalidMaxResultsException', 400, 'MaxResults must be between 1 and 50.');
  const offset = pageOffset(body.NextToken);
  const found =
    body.EventCategory === 'insight'
      ? []
      : events.filter((e) => matches(e) && e.EventTime.getTime() >= start && e.EventTime.getTime() <= end);
  if (offset > found.length) throw invalidToken();
  const page = found.slice(offset, offset + max);
  const next = offset + page.length;
  return {
    Events: page.map((e) => ({ ...e, EventTime: e.EventTime.getTime() / 1000 })),
    ...(next < found.length ? { NextToken: Buffer.from(`offset:${next}`).toString('base64url') } : {}),
  };
}

/** JSON 1.1 timestamps are epoch seconds. */
function time(value: unknown, absent: number): number {
  if (value === undefined) return absent;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ServiceError('InvalidTimeRangeException', 400, 'The time must be a timestamp in epoch seconds.');
  return value * 1000;
}

function pageOffset(token: unknown): number {
  if (token === undefined) return 0;
  const match =
    typeof token === 'string' ? /^offset:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString()) : null;
  if (!match) throw invalidToken();
  return Number(match[1]);
}

function invalidToken(): ServiceError {
  return new ServiceError('InvalidNextTokenException', 400, 'Invalid NextToken.');
}

function invalidAttributes(message: string): ServiceError {
  return new ServiceError('InvalidLookupAttributesException', 400, message);
}
