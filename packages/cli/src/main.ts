import { runCli } from './run-cli.ts';

/** Process entry: runs the CLI against the real process streams and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  return runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
    ...(process.stdout.columns ? { columns: process.stdout.columns } : process.stderr.columns ? { columns: process.stderr.columns } : {}),
    waitForStop: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  });
}
