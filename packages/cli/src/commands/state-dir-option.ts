import { localStateDir } from '@toolkit/toolkit';
import type { CommandContext } from '../command.ts';

/**
 * The state folder a command's local cloud uses: `--state-dir` (relative to the working
 * directory), else the user's state folder for the project rooted at the working directory.
 */
export function stateDirFromOptions({
  options,
  environment,
  io,
}: CommandContext<{ readonly 'state-dir': string | undefined }>): Promise<string> {
  const given = options['state-dir'];
  return localStateDir(
    { ...(given === undefined ? {} : { stateDir: given }), cwd: environment.cwd, env: environment.env },
    io,
  );
}
