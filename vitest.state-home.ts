import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Points XDG_STATE_HOME at a temp folder for the whole run (every worker and every CLI
 * child inherits it), so no test ever writes the local cloud's state under the real home.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'toolkit-state-home-'));
  process.env.XDG_STATE_HOME = dir;
  return () => rm(dir, { recursive: true, force: true });
}
