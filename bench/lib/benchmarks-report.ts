import type { BenchmarkResult, SuiteConfig } from './benchmark.ts';
import type { MachineInfo } from './machine-info.ts';
import { checksTable, markdownTable, measurementTable } from './results-table.ts';

/** Everything BENCHMARKS.md records about one suite run. */
export interface SuiteReport {
  config: SuiteConfig;
  machine: MachineInfo;
  command: string;
  date: Date;
  wallMs: number;
  results: BenchmarkResult[];
  /** Benchmarks that failed to run, with their error. */
  failures: { id: string; title: string; error: string }[];
}

/** The Markdown of a suite run: machine, date, command, a verdict summary, then each benchmark's table. */
export function renderReport(report: SuiteReport): string {
  const { config, machine } = report;
  const verdicts = config.mode === 'full';
  const summaryRows = report.results.flatMap((r) =>
    r.checks.map((c) => [r.id, c.target, c.measured, verdicts ? (c.pass ? 'met' : '**missed**') : '–']),
  );
  for (const f of report.failures)
    summaryRows.push([f.id, f.title, `failed: ${f.error.split('\n')[0]}`, '**not run**']);
  const sections = report.results.map((r) =>
    [
      `## ${r.id}: ${r.title}`,
      '',
      `Target: ${r.target}`,
      '',
      measurementTable(r),
      '',
      checksTable(r, verdicts),
      ...r.notes.map((n) => `\n${n}`),
    ].join('\n'),
  );
  const failures = report.failures.map(
    (f) => `## ${f.id}: ${f.title}\n\nDid not complete:\n\n\`\`\`\n${f.error.slice(0, 3000)}\n\`\`\``,
  );
  return [
    '# Benchmarks',
    '',
    `Written by \`bench/run.ts\`${verdicts ? '' : ' (smoke mode: tiny workloads, one run, no verdicts)'}; see [bench/README.md](bench/README.md) for what each benchmark does.`,
    '',
    `- Command: \`${report.command}\``,
    `- Date: ${report.date.toISOString()}`,
    `- Machine: ${machine.cores} cores (nproc), ${machine.cpuModel}, ${machine.memoryGb} GiB memory, ${machine.kernel}`,
    `- Tools: Node.js ${machine.node}; ${machine.awsCli}; Info-ZIP ${machine.infoZip}`,
    `- Runs: ${config.warmup ? 'one warm-up round, then ' : ''}${config.runs} timed run(s) per contender, contenders alternated (A B A B …); ` +
      `in B2 and B3 an untimed priming run of the same command is the warm-up; B3's --concurrency 1 contender ${config.sequentialSigningRuns} run(s); ` +
      `B6 ${config.redeployRuns} deploy/redeploy pair(s). Seed \`${config.seed}\`.`,
    `- Peak RSS is each contender process's own (GNU time's maximum resident set size); the local cloud runs in a separate process.`,
    `- Suite wall time: ${(report.wallMs / 1000).toFixed(0)} s`,
    '',
    '## Summary',
    '',
    markdownTable(['benchmark', 'target', 'measured', 'verdict'], summaryRows),
    '',
    ...[...sections, ...failures].flatMap((s) => [s, '']),
  ].join('\n');
}
