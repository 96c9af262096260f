import { cp } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `examples/` folder. */
export const examplesDir = resolve(fileURLToPath(new URL('../../../../examples', import.meta.url)));

/** Copies `examples/<name>` to `destination`, leaving out caches a local run may have left there. */
export async function copyExample(name: string, destination: string): Promise<string> {
  await cp(join(examplesDir, name), destination, {
    recursive: true,
    filter: (source) => !['.toolkit', 'node_modules'].includes(basename(source)),
  });
  return destination;
}
