import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';

/**
 * The default state directory of the project rooted at `projectRoot`:
 * `$XDG_STATE_HOME/toolkit/<project id>`, `~/.local/state/toolkit/<project id>` without it.
 * It lives outside the project because it holds private signing keys: nothing in the
 * project folder may end up zipped into a function.
 */
export function defaultStateDir(projectRoot: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  return join(userStateHome(env), 'toolkit', projectId(projectRoot));
}

/** `$XDG_STATE_HOME` when absolute (the XDG spec ignores relative values), else `$HOME/.local/state`. */
export function userStateHome(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  if (xdg && isAbsolute(xdg)) return xdg;
  return join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), '.local', 'state');
}

/**
 * A stable, readable id for a project folder: `<basename>-<12 hex of sha256(real path)>`.
 * The real path makes a symlinked checkout and its target one project; the hash keeps
 * two folders of the same name apart.
 */
export function projectId(projectRoot: string): string {
  const absolute = resolve(projectRoot);
  let real = absolute;
  try {
    real = realpathSync(absolute);
  } catch {
    // A folder that does not exist yet is named by its absolute path.
  }
  const name =
    basename(real)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^\.+/, '')
      .slice(0, 40) || 'root';
  return `${name}-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`;
}

/** Where versions before the move kept the state: `.toolkit/cloud` inside the project. */
export function legacyStateDir(projectRoot: string): string {
  return resolve(projectRoot, '.toolkit', 'cloud');
}
