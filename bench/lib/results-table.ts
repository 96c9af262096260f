import type { BenchmarkResult, ResultRow } from './benchmark.ts';
import type { Summary } from './statistics.ts';

/** A Markdown table; cells are escaped for pipes. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (kb: number) => `${Math.round(kb / 1024)} MB`;

function summaryCells(row: ResultRow, s: Summary, first: boolean): string[] {
  return [
    first ? row.workload : '',
    s.contender,
    String(s.runs),
    seconds(s.medianWallMs),
    `${seconds(s.minWallMs)} – ${seconds(s.maxWallMs)}`,
    `${megabytes(s.medianRssKb)} (max ${megabytes(s.maxRssKb)})`,
    first ? (row.ratioLabel ?? '') : '',
  ];
}

/** One benchmark's measurements: a row per contender, the ratio on each pair's first row. */
export function measurementTable(result: BenchmarkResult): string {
  const rows = result.rows.flatMap((row) => row.summaries.map((s, i) => summaryCells(row, s, i === 0)));
  return markdownTable(['workload', 'contender', 'runs', 'median wall', 'min – max', 'peak RSS median', 'ratio'], rows);
}

/** Targets against measurements; `verdicts: false` (smoke) prints the measurement only. */
export function checksTable(result: BenchmarkResult, verdicts: boolean): string {
  const rows = result.checks.map((c) => [c.target, c.measured, verdicts ? (c.pass ? 'met' : '**missed**') : '–']);
  return markdownTable(['target', 'measured', 'verdict'], rows);
}
