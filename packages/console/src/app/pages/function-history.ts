/// <reference lib="dom" />
import type { AwsClient } from '../aws-client.ts';
import { h, table, time } from '../dom.ts';

/** One CloudTrail event as LookupEvents answers it. */
interface TrailEvent {
  EventId: string;
  EventName: string;
  EventTime: number;
  CloudTrailEvent?: string;
}

/** What Lambda recorded about one package a Warn policy let through. */
interface ValidationError {
  artifactArn: string;
  failure: string;
  reason: string;
}

const LOOKUP_EVENTS = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';

/**
 * A function's verdict history: the deployments a `Warn` configuration accepted with their reasons,
 * read where AWS keeps them, CloudTrail's event history (LookupEvents by resource name).
 */
export async function verdictHistory(client: AwsClient, name: string): Promise<HTMLElement> {
  const events: TrailEvent[] = [];
  let token: string | undefined;
  // Pages of 50, newest first; a function's history is short, but follow every page.
  do {
    const page = await client.target<{ Events?: TrailEvent[]; NextToken?: string }>('cloudtrail', LOOKUP_EVENTS, {
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: name }],
      ...(token ? { NextToken: token } : {}),
    });
    events.push(...(page.Events ?? []));
    token = page.NextToken;
  } while (token);
  const rows = events.flatMap((event) =>
    validationErrors(event).map((error) => [
      time(event.EventTime),
      event.EventName,
      error.artifactArn,
      error.failure,
      error.reason,
    ]),
  );
  return h(
    'section',
    { 'aria-labelledby': 'fn-history-title' },
    h('h3', { id: 'fn-history-title' }, 'Verdict history'),
    h('p', {}, 'Deployments a Warn code signing policy accepted, with Lambda’s reasons (CloudTrail event history).'),
    table('Warn-accepted deployments, newest first', ['Time', 'Event', 'Package', 'Failure', 'Reason'], rows),
  );
}

function validationErrors(event: TrailEvent): ValidationError[] {
  try {
    const detail = JSON.parse(event.CloudTrailEvent ?? '{}') as {
      additionalEventData?: { signatureValidationErrors?: ValidationError[] };
    };
    return detail.additionalEventData?.signatureValidationErrors ?? [];
  } catch {
    return [];
  }
}
