// `toolkit local generate-event`: sample events as Lambda receives them from each service,
// with SAM CLI's service, event and flag names so that its commands work unchanged.
import { closestMatch, messages, UserInputError } from '@toolkit/core';
import {
  albRequest,
  apiGatewayAuthorizer,
  apiGatewayAwsProxy,
  apiGatewayHttpApiProxy,
  apiGatewayRequestAuthorizer,
} from './api-events.ts';
import {
  cloudformationCreateRequest,
  cloudformationDeleteRequest,
  cloudformationUpdateRequest,
} from './cloudformation-events.ts';
import { cloudwatchLogs, cloudwatchScheduledEvent } from './cloudwatch-events.ts';
import { snsNotification, sqsReceiveMessage } from './messaging-events.ts';
import type { SampleEvent } from './sample-event.ts';
import { s3Delete, s3Put } from './storage-events.ts';
import { dynamodbUpdate, kinesisGetRecords } from './stream-events.ts';

export type { SampleEvent, SampleEventParameter } from './sample-event.ts';

const ALL_EVENTS: readonly SampleEvent[] = [
  albRequest,
  apiGatewayAuthorizer,
  apiGatewayAwsProxy,
  apiGatewayHttpApiProxy,
  apiGatewayRequestAuthorizer,
  cloudformationCreateRequest,
  cloudformationDeleteRequest,
  cloudformationUpdateRequest,
  cloudwatchLogs,
  cloudwatchScheduledEvent,
  dynamodbUpdate,
  kinesisGetRecords,
  s3Delete,
  s3Put,
  snsNotification,
  sqsReceiveMessage,
];

/** Services in name order, each with its events in name order. */
const CATALOG: ReadonlyMap<string, ReadonlyMap<string, SampleEvent>> = (() => {
  const services = new Map<string, Map<string, SampleEvent>>();
  for (const event of [...ALL_EVENTS].sort((a, b) => a.event.localeCompare(b.event))) {
    const events = services.get(event.service) ?? new Map<string, SampleEvent>();
    events.set(event.event, event);
    services.set(event.service, events);
  }
  return new Map([...services].sort(([a], [b]) => a.localeCompare(b)));
})();

/** The sample events of one service, or of all when `service` is undefined. */
export function listSampleEvents(service?: string): SampleEvent[] {
  if (service === undefined) return [...CATALOG.values()].flatMap((events) => [...events.values()]);
  return [...serviceEvents(service).values()];
}

function serviceEvents(service: string): ReadonlyMap<string, SampleEvent> {
  const events = CATALOG.get(service);
  if (events) return events;
  throw new UserInputError(
    messages.UnknownSampleEvent,
    `${service}: no sample events for this service${didYouMean(service, CATALOG.keys())}; services: ${[...CATALOG.keys()].join(', ')}`,
  );
}

/** Where a flag value came from, for messages: `--bucket`. */
const flag = (name: string) => `--${name}`;

/**
 * The sample event `service event` built from `given` (flag name → value; the event's defaults
 * fill the rest). A flag the event does not take, or a value it cannot hold, is a user error
 * naming the flag.
 */
export function generateSampleEvent(service: string, event: string, given: ReadonlyMap<string, string>): unknown {
  const events = serviceEvents(service);
  const spec = events.get(event);
  if (!spec) {
    throw new UserInputError(
      messages.UnknownSampleEvent,
      `${service} ${event}: no such sample event${didYouMean(event, events.keys())}; ${service} events: ${[...events.keys()].join(', ')}`,
    );
  }
  const parameters = new Map(Object.entries(spec.parameters));
  for (const name of given.keys()) {
    if (parameters.has(name)) continue;
    throw new UserInputError(
      messages.SampleEventFlagNotTaken,
      `${flag(name)}: ${service} ${event} does not take this flag; it takes ${[...parameters.keys()].map(flag).join(', ')}`,
    );
  }
  const values = Object.create(null) as Record<string, string>;
  for (const [name, parameter] of parameters) {
    const value = given.get(name) ?? parameter.default;
    const problem = parameter.check?.(value);
    if (problem) throw new UserInputError(messages.InvalidSampleEventValue, `${flag(name)} ${value}: ${problem}`);
    values[name] = value;
  }
  const conflict = spec.validate?.(values);
  if (conflict) {
    throw new UserInputError(messages.InvalidSampleEventValue, `${flag(conflict.parameter)}: ${conflict.problem}`);
  }
  return spec.build(values);
}

function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = closestMatch(word, candidates);
  return near ? ` (did you mean ${near}?)` : '';
}
