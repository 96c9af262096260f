import { runCli } from '../../src/run-cli.ts';

/** What one in-process run of the real CLI printed and returned. */
export interface ToolkitRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI in-process with captured output, as a user would run `toolkit …` in `cwd`;
 * `tty` renders as on a terminal that wide (colours, sized tables), listr2 progress aside.
 */
export async function runToolkit(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; tty?: { columns: number } }): Promise<ToolkitRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(args, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { ...(options.env ?? {}), CI: 'true' },
    cwd: options.cwd,
    isTTY: options.tty !== undefined,
    ...(options.tty ? { columns: options.tty.columns } : {}),
  });
  return { exitCode, stdout, stderr };
}
