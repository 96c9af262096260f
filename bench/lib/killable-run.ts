import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { toolkitArgs } from './toolkit-command.ts';

/** How a `toolkit …` child process ended. */
export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** A `toolkit …` child process that can be SIGKILLed at any moment. */
export interface KillableRun {
  child: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  done: Promise<RunOutcome>;
  /** Sends SIGKILL (if still running) and waits for the exit. */
  kill(): Promise<RunOutcome>;
}

/** Spawns `toolkit args` in `cwd` with `env` added to the environment. */
export function runToolkitChild(
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>>,
): KillableRun {
  const started = Date.now();
  const child = spawn(process.execPath, toolkitArgs(args), {
    cwd,
    env: { ...process.env, NODE_NO_WARNINGS: '1', CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
    wallMs: Date.now() - started,
  }));
  return {
    child,
    done,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return done;
    },
  };
}

/** Runs `toolkit args` to the end; a non-zero exit throws with its stderr. */
export async function runToolkitToEnd(
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>>,
): Promise<RunOutcome> {
  const outcome = await runToolkitChild(args, cwd, env).done;
  if (outcome.code !== 0)
    throw new Error(
      `toolkit ${args.join(' ')} exited ${outcome.code ?? outcome.signal}:\n${outcome.stderr.slice(-2000)}`,
    );
  return outcome;
}

/** Starts `toolkit local start --json` (port 0) and resolves once it prints its endpoint. */
export async function startServedCloud(
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>>,
): Promise<KillableRun & { endpoint: string }> {
  const run = runToolkitChild(['local', 'start', '--port', '0', '--json', ...args], cwd, env);
  let text = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    run.child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      try {
        resolve((JSON.parse(text) as { endpoint: string }).endpoint);
      } catch {
        // Not a whole document yet.
      }
    });
    void run.done.then((outcome) =>
      reject(new Error(`toolkit local start exited ${outcome.code ?? outcome.signal}: ${outcome.stderr.slice(-2000)}`)),
    );
  });
  return { ...run, endpoint };
}

/** Stops a served cloud as Ctrl+C would. */
export async function stopServedCloud(run: KillableRun): Promise<void> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
  await run.done;
}
