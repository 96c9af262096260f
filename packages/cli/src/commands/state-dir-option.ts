import type { CommandContext } from '../command.ts';

/**
 * The state folder a command's local cloud uses: `--state-dir` (relative to the working
 * directory), else the user's state folder for the project rooted at the working directory.
 */
export async function stateDirFromOptions({
  options,
  environment,
  io,
}: CommandContext<{ readonly 'state-dir': string | undefined }>): Promise<string> {
  const given = options['state-dir'];
  const { localStateDir } = await import('@toolkit/toolkit');
  return await localStateDir(
    { ...(given === undefined ? {} : { stateDir: given }), cwd: environment.cwd, env: environment.env },
    io,
  );
}
