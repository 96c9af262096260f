import { DescribeStackEventsCommand, type CloudFormationClient, type StackEvent } from '@aws-sdk/client-cloudformation';
import type { IoHost } from '@toolkit/core';
import { describeStack } from './change-set.ts';

/** An event as deploy reports it. */
export interface DeployEvent {
  timestamp: string;
  status: string;
  resourceType: string;
  logicalResourceId: string;
  reason: string | null;
}

const terminal = /(_COMPLETE|_FAILED)$/;

/**
 * Streams the stack's events (newest last) from `since` until the stack reaches a
 * terminal status; returns that status and every event seen.
 */
export async function followStack(cfn: CloudFormationClient, stackName: string, since: Date, io: IoHost): Promise<{ status: string; events: DeployEvent[] }> {
  const seen = new Set<string>();
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
    io.notify({
      level: event.status.endsWith('FAILED') ? 'warn' : 'info',
      code: 'StackEvent',
      message: `${event.status.padEnd(28)} ${event.resourceType.padEnd(32)} ${event.logicalResourceId}${event.reason ? `  ${event.reason}` : ''}`,
      data: { ...event },
    });
  };
  let delay = 200;
  for (;;) {
    (await newEvents(cfn, stackName, since, seen)).forEach(record);
    const stack = await describeStack(cfn, stackName);
    const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
    if (terminal.test(status)) {
      // One more read so the final events are not missed.
      (await newEvents(cfn, stackName, since, seen)).forEach(record);
      return { status, events };
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(2000, delay * 1.3);
  }
}

async function newEvents(cfn: CloudFormationClient, stackName: string, since: Date, seen: Set<string>): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let token: string | undefined;
  // Events come newest first; page back until we reach ones already seen or older than the deploy.
  outer: do {
    let page;
    try {
      page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, ...(token ? { NextToken: token } : {}) }));
    } catch (error) {
      if ((error as Error).message?.includes('does not exist')) return fresh;
      throw error;
    }
    for (const event of page.StackEvents ?? []) {
      if (!event.EventId || seen.has(event.EventId) || (event.Timestamp && event.Timestamp < since)) break outer;
      seen.add(event.EventId);
      fresh.push(event);
    }
    token = page.NextToken;
  } while (token);
  return fresh.reverse();
}
