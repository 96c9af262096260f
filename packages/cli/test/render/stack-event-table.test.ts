import { describe, expect, it } from 'vitest';
import { eventColumns, eventTableHeader, eventTableRow } from '../../src/render/stack-event-table.ts';
import { statusColor } from '../../src/render/status-colors.ts';
import { renderTable } from '../../src/render/table.ts';

const failed = {
  timestamp: '2026-12-02T01:02:03.456Z',
  status: 'CREATE_FAILED',
  resourceType: 'AWS::Lambda::Function',
  logicalResourceId: 'HelloFunction',
  reason:
    'Resource handler returned message: "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist."',
};
// Escape sequences take no room on screen.
const visible = (text: string) => text.replace(/\u001b\[\d+m/g, '');

describe('the stack events table', () => {
  it('has a header with the column names and shows each event with its time', () => {
    const widths = eventColumns(undefined);
    const header = eventTableHeader(widths).split('\n');
    expect(header[0]).toBe('CloudFormation events from stack operations (times in UTC)');
    expect(header[1]).toMatch(/^-{100,}$/);
    expect(header[2]).toMatch(/^Time\s+ResourceStatus\s+ResourceType\s+LogicalResourceId\s+ResourceStatusReason$/);
    expect(header[3]).toBe(header[1]);
    const row = eventTableRow(failed, widths, false);
    // Without a terminal width an event stays on one line, its reason whole.
    expect(row).toBe(
      `01:02:03  ${'CREATE_FAILED'.padEnd(44)}  ${'AWS::Lambda::Function'.padEnd(32)}  ${'HelloFunction'.padEnd(28)}  ${failed.reason}\n`,
    );
  });

  it('fits a terminal of any width by wrapping cells within their columns', () => {
    for (const columns of [60, 80, 120, 200]) {
      const widths = eventColumns(columns);
      const lines = [
        ...eventTableHeader(widths).split('\n'),
        ...eventTableRow(failed, widths, true).split('\n'),
      ].filter(Boolean);
      for (const line of lines) expect(visible(line).length, `${columns}: ${line}`).toBeLessThanOrEqual(columns);
      // Every word of the reason is still there, in order.
      const reasonColumn = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
      const reason = eventTableRow(failed, widths, false)
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(reasonColumn))
        .join(' ');
      expect(reason.replace(/\s+/g, ' ')).toBe(failed.reason);
    }
  });

  it('colours each line by status as SAM CLI does, and not at all when colour is off', () => {
    const widths = eventColumns(80);
    const red = eventTableRow(failed, widths, true).split('\n').filter(Boolean);
    expect(red.length).toBeGreaterThan(1);
    for (const line of red) expect(line).toMatch(/^\u001b\[31m.*\u001b\[0m$/);
    expect(eventTableRow({ ...failed, status: 'CREATE_COMPLETE', reason: null }, eventColumns(120), true)).toMatch(
      /^\u001b\[32m01:02:03 .*-\u001b\[0m\n$/,
    );
    expect(eventTableRow(failed, widths, false)).not.toContain('\u001b');
    expect(
      [
        'CREATE_COMPLETE',
        'UPDATE_COMPLETE',
        'DELETE_COMPLETE',
        'CREATE_IN_PROGRESS',
        'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
        'REVIEW_IN_PROGRESS',
      ].map(statusColor),
    ).toEqual(['green', 'green', 'green', 'yellow', 'yellow', 'yellow']);
    expect(
      [
        'CREATE_FAILED',
        'ROLLBACK_IN_PROGRESS',
        'ROLLBACK_COMPLETE',
        'UPDATE_ROLLBACK_COMPLETE',
        'UPDATE_ROLLBACK_FAILED',
        'DELETE_IN_PROGRESS',
      ].map(statusColor),
    ).toEqual(['red', 'red', 'red', 'red', 'red', 'red']);
  });
});

describe('renderTable', () => {
  it('wraps the widest column to fit the given width and keeps rows aligned', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:hello-signed-HelloFunction-ABCDEFGHIJKL';
    const text = renderTable(
      ['key', 'value'],
      [
        ['HelloFunctionArn', arn],
        ['Short', 'x'],
      ],
      60,
    );
    const lines = text.split('\n').filter(Boolean);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines[0]).toMatch(/^key\s+value$/);
    expect(
      lines
        .slice(1, -1)
        .map((l) => l.slice(18))
        .join(''),
    ).toBe(arn);
    expect(lines.at(-1)).toBe(`${'Short'.padEnd(16)}  x`);
    // Without a width nothing wraps.
    expect(renderTable(['key', 'value'], [['HelloFunctionArn', arn]])).toBe(
      `key               value\nHelloFunctionArn  ${arn}\n`,
    );
  });
});
