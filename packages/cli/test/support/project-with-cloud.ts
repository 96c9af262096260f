import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { fixtureTree, openCloud, type TestCloud, type Tree } from '@toolkit/test-support';

/** A project written from `files` and a local cloud of its own, for one describe block. */
export function useProjectWithCloud(files: Tree): { dir: () => string; cloud: () => TestCloud } {
  let cloud: TestCloud | undefined;
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree(files));
    cloud = await openCloud({ stateDir: join(dir, '.cloud-state') });
  });
  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });
  return { dir: () => dir, cloud: () => cloud! };
}
