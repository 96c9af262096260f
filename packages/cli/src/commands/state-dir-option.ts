import { localStateDir } from '../actions/aws-session.ts';
import type { CommandContext } from '../command.ts';

/**
 * The state folder a command's local cloud uses: `--state-dir` (relative to the working
 * directory), else the user's state folder for the project rooted at the working directory.
 */
export function stateDirFromOptions({ options, environment, io }: CommandContext): Promise<string> {
  const given = options['state-dir'] as string | undefined;
  return localStateDir({ ...(given === undefined ? {} : { stateDir: given }), cwd: environment.cwd, env: environment.env }, io);
}
