/// <reference lib="dom" />
import { xmlAll, xmlText } from '../aws-client.ts';
import { h, statusLine, table, time } from '../dom.ts';
import { action, type PageContext } from '../page-context.ts';

/** CloudFormation's stacks. */
export async function renderStacks(ctx: PageContext): Promise<HTMLElement> {
  const document = await ctx.client.query('cloudformation', 'DescribeStacks');
  const rows = xmlAll(document, 'Stacks > member').map((stack) => [
    h('a', { href: `#/stacks/${encodeURIComponent(xmlText(stack, 'StackName'))}` }, xmlText(stack, 'StackName')),
    xmlText(stack, 'StackStatus'),
    xmlText(stack, 'StackStatusReason'),
    time(xmlText(stack, 'LastUpdatedTime') || xmlText(stack, 'CreationTime')),
  ]);
  return h(
    'section',
    { 'aria-labelledby': 'stacks-title' },
    h('h2', { id: 'stacks-title' }, 'Stacks'),
    h('p', { id: 'page-status', role: 'status', 'aria-live': 'polite', class: 'status' }),
    table('Stacks', ['Name', 'Status', 'Reason', 'Updated'], rows),
  );
}

/** One stack: events (followed while it changes), resources, outputs; delete. */
export async function renderStack(ctx: PageContext): Promise<HTMLElement> {
  const { client } = ctx;
  const name = ctx.path[1] ?? '';
  const status = statusLine('page-status');
  const [stacks, events, resources] = await Promise.all([
    client.query('cloudformation', 'DescribeStacks', { StackName: name }),
    client.query('cloudformation', 'DescribeStackEvents', { StackName: name }),
    client.query('cloudformation', 'ListStackResources', { StackName: name }),
  ]);
  const stack = xmlAll(stacks, 'Stacks > member')[0];
  const stackStatus = stack ? xmlText(stack, 'StackStatus') : '';
  const outputs = stack
    ? xmlAll(stack, 'Outputs > member').map((o) => [
        xmlText(o, 'OutputKey'),
        xmlText(o, 'OutputValue'),
        xmlText(o, 'Description'),
      ])
    : [];
  const eventRows = xmlAll(events, 'StackEvents > member').map((e) => [
    time(xmlText(e, 'Timestamp')),
    xmlText(e, 'LogicalResourceId'),
    xmlText(e, 'ResourceType'),
    xmlText(e, 'ResourceStatus'),
    xmlText(e, 'ResourceStatusReason'),
  ]);
  const resourceRows = xmlAll(resources, 'StackResourceSummaries > member').map((r) => [
    xmlText(r, 'LogicalResourceId'),
    xmlText(r, 'PhysicalResourceId'),
    xmlText(r, 'ResourceType'),
    xmlText(r, 'ResourceStatus'),
    emulation(xmlText(r, 'ResourceStatusReason')),
  ]);
  if (stackStatus.endsWith('_IN_PROGRESS')) {
    // Live events: draw again shortly while the stack changes, unless the viewer moved on.
    const here = location.hash;
    setTimeout(() => {
      if (location.hash === here) void ctx.refresh(`Following ${name}: ${stackStatus}`);
    }, 1000);
  }
  return h(
    'section',
    { 'aria-labelledby': 'stack-title' },
    h('p', {}, h('a', { href: '#/stacks' }, '← All stacks')),
    h('h2', { id: 'stack-title' }, name),
    status.element,
    h('p', {}, 'Status: ', stackStatus),
    h(
      'button',
      {
        type: 'button',
        onclick: action(ctx, status.show, async () => {
          await client.query('cloudformation', 'DeleteStack', { StackName: name });
          return `Deleting ${name}.`;
        }),
      },
      `Delete stack ${name}`,
    ),
    table('Outputs', ['Key', 'Value', 'Description'], outputs),
    table('Resources', ['Logical id', 'Physical id', 'Type', 'Status', 'Emulated'], resourceRows),
    table('Events, newest first', ['Time', 'Logical id', 'Type', 'Status', 'Reason'], eventRows),
  );
}

/**
 * Whether the local cloud runs a resource: CloudFormation's status reason of a resource it only
 * records starts with these words (in DescribeStackResources and the deploy's events alike).
 */
const NOT_EMULATED = 'Not emulated by the local cloud';

function emulation(reason: string): HTMLElement {
  if (!reason.startsWith(NOT_EMULATED)) return h('span', { class: 'emulated' }, 'yes');
  return h(
    'span',
    { class: 'not-emulated', title: reason },
    'no: ',
    reason.slice(NOT_EMULATED.length).replace(/^: /, ''),
  );
}
