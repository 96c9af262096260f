import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { defaultStateDir } from '@toolkit/cloud';
import { runCli } from '../../src/run-cli.ts';

/** What one in-process run of the real CLI printed and returned. */
export interface ToolkitRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI in-process with captured output, as a user would run `toolkit …` in `cwd`;
 * `tty` renders as on a terminal that wide (colours, sized tables), listr2 progress aside;
 * `stdin` is what prompts read, `clock` the time commands see.
 */
export async function runToolkit(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; tty?: { columns: number }; stdin?: string; clock?: () => Date },
): Promise<ToolkitRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(args, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { XDG_STATE_HOME: testStateHome(), ...options.env, CI: 'true' },
    cwd: options.cwd,
    isTTY: options.tty !== undefined,
    ...(options.tty ? { columns: options.tty.columns } : {}),
    ...(options.stdin === undefined ? {} : { stdin: Readable.from([options.stdin]) }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { exitCode, stdout, stderr };
}

/**
 * Runs the installed `toolkit` bin as a child process with exactly `env` (plus PATH): for what
 * the SDK reads from the process itself, such as AWS_CONFIG_FILE and the shared config files.
 */
export async function runToolkitProcess(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<ToolkitRun> {
  const bin = fileURLToPath(new URL('../../bin/toolkit.mjs', import.meta.url));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: options.cwd,
        env: { PATH: process.env.PATH, XDG_STATE_HOME: testStateHome(), ...options.env, CI: 'true' },
      },
      (error, stdout, stderr) =>
        resolve({ exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The temp folder the test run gives as XDG_STATE_HOME: the CLI's default state folders go there, never under the real home. */
export function testStateHome(): string {
  const home = process.env.XDG_STATE_HOME;
  if (!home) throw new Error('XDG_STATE_HOME is not set: run the tests through vitest (vitest.state-home.ts sets it)');
  return home;
}

/** The state folder the CLI uses by default for a project run in `projectRoot`. */
export function projectStateDir(projectRoot: string): string {
  return defaultStateDir(projectRoot, { XDG_STATE_HOME: testStateHome() });
}
