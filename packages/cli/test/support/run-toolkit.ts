import { runCli } from '../../src/run-cli.ts';

/** What one in-process run of the real CLI printed and returned. */
export interface ToolkitRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process with captured output, as a user would run `toolkit …` in `cwd`. */
export async function runToolkit(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ToolkitRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(args, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { ...(options.env ?? {}), CI: 'true' },
    cwd: options.cwd,
    isTTY: false,
  });
  return { exitCode, stdout, stderr };
}
