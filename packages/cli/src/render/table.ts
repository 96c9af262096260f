import { fitColumns, layoutRow } from './columns.ts';

/**
 * Renders rows as a plain, left-aligned text table with a header line. Given a
 * terminal width, long cells wrap within their column instead of past the edge.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], width?: number): string {
  const natural = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const widths = fitColumns(natural, width);
  return [headers, ...rows].map((row) => layoutRow(row, widths)).join('');
}
