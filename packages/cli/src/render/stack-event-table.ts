import type { StackEventPayload } from '@toolkit/core';
import { fitColumns, layoutRow } from './columns.ts';
import { paint, statusColor } from './status-colors.ts';

/** The fields of a stack event the table shows: the StackEvent notice's payload. */
export type StackEventRow = StackEventPayload;

const headers = ['Time', 'ResourceStatus', 'ResourceType', 'LogicalResourceId', 'ResourceStatusReason'];
// Wide enough for every status and the usual types and ids; the reason takes the rest of the line.
const natural = [8, 44, 32, 28, 60];
// On a narrower terminal: room for the common statuses (ROLLBACK_IN_PROGRESS), AWS::CloudFormation::Stack and a short reason.
const mins = [8, 20, 26, 17, 20];

/**
 * Column widths of the events table for a terminal `width` characters wide. Without
 * one (a pipe or a log) the reason is never wrapped, so each event stays one line.
 */
export function eventColumns(width: number | undefined): number[] {
  return width === undefined ? [...natural.slice(0, -1), Number.POSITIVE_INFINITY] : fitColumns(natural, width, mins);
}

/** The table's title, rule and column names, printed once before the first event. */
export function eventTableHeader(widths: readonly number[]): string {
  const shown = widths.map((w, i) => (Number.isFinite(w) ? w : (natural[i] ?? 0)));
  const rule = '-'.repeat(shown.reduce((sum, w) => sum + w, 0) + 2 * (shown.length - 1));
  return `CloudFormation events from stack operations (times in UTC)\n${rule}\n${layoutRow(headers, widths)}${rule}\n`;
}

/** One event as a table row (wrapped within its columns), coloured by its status when `color` is on. */
export function eventTableRow(event: StackEventRow, widths: readonly number[], color: boolean): string {
  const time = event.timestamp ? event.timestamp.slice(11, 19) : '-';
  const cells = [time, event.status, event.resourceType, event.logicalResourceId, event.reason ?? '-'];
  return layoutRow(cells, widths, (line) => paint(color, statusColor(event.status), line));
}
