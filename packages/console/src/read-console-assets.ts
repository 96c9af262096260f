import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The console's built files by name, with their content types: what the cloud serves under `/_console/`. */
export type ConsoleFiles = Map<string, { body: Buffer; contentType: string }>;

const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['index.html', 'text/html; charset=utf-8'],
  ['app.js', 'text/javascript; charset=utf-8'],
  ['console.css', 'text/css; charset=utf-8'],
]);

/** Reads a built console from `dir`; undefined when it was not built there. */
export async function readConsoleAssets(dir: string): Promise<ConsoleFiles | undefined> {
  const files: ConsoleFiles = new Map();
  for (const [name, contentType] of CONTENT_TYPES) {
    try {
      files.set(name, { body: await readFile(join(dir, name)), contentType });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
  return files;
}
