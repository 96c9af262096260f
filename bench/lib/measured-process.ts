import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A command to run and measure. */
export interface ProcessSpec {
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  /** Pin to these CPUs with `taskset -c` (B4 compares single-core zippers). */
  cpus?: string;
}

/** What one measured run cost. */
export interface ProcessOutcome {
  wallMs: number;
  /** The process's own peak RSS (largest descendant, as getrusage reports), from GNU time's %M. */
  peakRssKb: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command under `/usr/bin/time` so the peak RSS is the child's own, not the
 * runner's; wall time is taken here around the spawn. A non-zero exit throws with its stderr.
 */
export async function runMeasured(spec: ProcessSpec): Promise<ProcessOutcome> {
  const scratch = await mkdtemp(join(tmpdir(), 'bench-time-'));
  const timeFile = join(scratch, 'rss');
  const inner = spec.cpus ? ['taskset', '-c', spec.cpus, spec.command, ...spec.args] : [spec.command, ...spec.args];
  try {
    const started = process.hrtime.bigint();
    const { code, stdout, stderr } = await spawnCollect('/usr/bin/time', ['-f', '%M', '-o', timeFile, ...inner], spec);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (code !== 0) {
      throw new Error(`${[spec.command, ...spec.args].join(' ')} exited ${code}:\n${stderr.slice(-2000)}`);
    }
    const peakRssKb = Number((await readFile(timeFile, 'utf8')).trim().split('\n').at(-1));
    return { wallMs, peakRssKb, exitCode: code, stdout, stderr };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function spawnCollect(
  command: string,
  args: string[],
  spec: ProcessSpec,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}
