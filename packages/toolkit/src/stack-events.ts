import { DescribeStackEventsCommand, type CloudFormationClient, type StackEvent } from '@aws-sdk/client-cloudformation';
import { messages, type IoHost, type StackEventPayload } from '@toolkit/core';
import { describeStack } from './change-set.ts';
import { AWS_POLL_PACE, pausePoll, type PollPace } from './poll-pace.ts';

/** An event as deploy reports it (the payload of the StackEvent notices). */
export type DeployEvent = StackEventPayload;

const terminal = /(_COMPLETE|_FAILED)$/;

/**
 * The ids of the events a stack already has: take them before starting an
 * operation, and followStack shows only what comes after. Ids, unlike
 * timestamps, do not depend on the client's clock agreeing with the service's.
 */
export async function existingEventIds(cfn: CloudFormationClient, stackName: string): Promise<Set<string>> {
  try {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
    return new Set((page.StackEvents ?? []).map((e) => e.EventId ?? ''));
  } catch (error) {
    if ((error as Error).message?.includes('does not exist')) return new Set();
    throw error;
  }
}

/**
 * Streams the stack's new events (oldest first) until the stack reaches a
 * terminal status; returns that status and every event seen.
 */
export async function followStack(
  cfn: CloudFormationClient,
  stackName: string,
  before: ReadonlySet<string>,
  io: IoHost,
  pace: PollPace = AWS_POLL_PACE,
): Promise<{ status: string; events: DeployEvent[] }> {
  const seen = new Set(before);
  const events: DeployEvent[] = [];
  const record = (e: StackEvent) => {
    const event: DeployEvent = {
      timestamp: e.Timestamp?.toISOString() ?? '',
      status: e.ResourceStatus ?? '',
      resourceType: e.ResourceType ?? '',
      logicalResourceId: e.LogicalResourceId ?? '',
      reason: e.ResourceStatusReason ?? null,
    };
    events.push(event);
    // A failed resource is an error of the run, shown even with --json.
    const notice = event.status.endsWith('FAILED') ? messages.StackEventFailed : messages.StackEvent;
    io.notify(
      notice.msg(
        `${event.status.padEnd(28)} ${event.resourceType.padEnd(32)} ${event.logicalResourceId}${event.reason ? `  ${event.reason}` : ''}`,
        { ...event },
      ),
    );
  };
  let delay = pace.firstMs;
  for (;;) {
    (await newEvents(cfn, stackName, seen)).forEach(record);
    const stack = await describeStack(cfn, stackName);
    const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
    if (terminal.test(status)) {
      // One more read so the final events are not missed.
      (await newEvents(cfn, stackName, seen)).forEach(record);
      return { status, events };
    }
    delay = await pausePoll(delay, pace);
  }
}

async function newEvents(cfn: CloudFormationClient, stackName: string, seen: Set<string>): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let token: string | undefined;
  // Events come newest first; page back until we reach one already seen.
  outer: do {
    let page;
    try {
      page = await cfn.send(
        new DescribeStackEventsCommand({ StackName: stackName, ...(token ? { NextToken: token } : {}) }),
      );
    } catch (error) {
      if ((error as Error).message?.includes('does not exist')) return fresh;
      throw error;
    }
    for (const event of page.StackEvents ?? []) {
      if (!event.EventId || seen.has(event.EventId)) break outer;
      seen.add(event.EventId);
      fresh.push(event);
    }
    token = page.NextToken;
  } while (token);
  return fresh.reverse();
}

/**
 * Why an operation failed, from its events (oldest first): the first resource
 * failure, or a stack-level reason such as an export conflict, which CloudFormation
 * gives only on the stack's own ROLLBACK/FAILED event. Knock-on failures
 * ("Resource creation cancelled") and the stack's summary of failed resources are
 * skipped in favour of the cause.
 */
export function firstFailure(events: readonly DeployEvent[], stackName: string): DeployEvent | undefined {
  return events.find((e) => {
    if (!e.reason || !/(_FAILED|ROLLBACK_IN_PROGRESS)$/.test(e.status)) return false;
    if (/^Resource (creation|update) cancelled/.test(e.reason)) return false;
    const stackLevel = e.resourceType === 'AWS::CloudFormation::Stack' && e.logicalResourceId === stackName;
    return !stackLevel || !e.reason.startsWith('The following resource(s) failed to ');
  });
}
