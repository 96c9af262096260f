import { runCli } from './run-cli.ts';

/** Process entry: runs the CLI against the real process streams and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  return runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
    columns: terminalColumns(),
    clock: () => new Date(),
    waitForStop: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  });
}

/** The terminal's width: stdout's, or stderr's when only stderr is a terminal (undefined for pipes). */
function terminalColumns(): number | undefined {
  return process.stdout.columns ?? process.stderr.columns;
}
