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
    env: { XDG_STATE_HOME: testStateHome(), ...(options.env ?? {}), CI: 'true' },
    cwd: options.cwd,
    isTTY: false,
  });
  return { exitCode, stdout, stderr };
}

/** The temp folder the test run gives as XDG_STATE_HOME: the CLI's default state folders go there, never under the real home. */
export function testStateHome(): string {
  const home = process.env.XDG_STATE_HOME;
  if (!home) throw new Error('XDG_STATE_HOME is not set: run the tests through vitest (vitest.state-home.ts sets it)');
  return home;
}
