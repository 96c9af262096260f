import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVE_MAIN = fileURLToPath(new URL('../src/serve-main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A cloud running in a child process (`node --import tsx serve-main.ts`). */
export interface CloudProcess {
  child: ChildProcess;
  endpoint: string;
  pid: number;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** Waits for the child to exit. */
  exited: Promise<number | null>;
}

/** Spawns serve-main.ts on an ephemeral port and waits for its `{"endpoint":…}` line. */
export async function spawnCloud(stateDir: string): Promise<CloudProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_MAIN, '--state-dir', stateDir, '--port', '0'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve-main exited with ${code}: ${stderr}`)));
  });
  const ready = JSON.parse(first) as { endpoint: string; pid: number };
  return { child, endpoint: ready.endpoint, pid: ready.pid, stderr: () => stderr, exited };
}

/** A field of /proc/<pid>/status in bytes (`VmRSS`, `VmHWM`). */
export async function procMemory(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}
