import { afterEach } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A folder tree written from an object literal: keys are relative paths, values file contents. */
export type Tree = Record<string, string>;

/** Writes `tree` into a new temp folder and returns it with a cleanup function. */
export async function fixtureTree(tree: Tree): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'toolkit-cli-'));
  for (const [path, content] of Object.entries(tree)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A `project(files)` that writes a fixture tree and removes it after the current test. */
export function useFixtureProjects(): (tree: Tree) => Promise<string> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return async (tree) => {
    const fixture = await fixtureTree(tree);
    cleanups.push(fixture.cleanup);
    return fixture.dir;
  };
}
