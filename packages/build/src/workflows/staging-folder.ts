import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Source entries a staging folder never mirrors: replaced by installed dependencies, or toolkit/SAM state. */
const NOT_MIRRORED = new Set(['.toolkit', '.aws-sam']);

/** The staging folder of one source built one way, stable across runs so the stat cache keeps working. */
export function stagingDir(buildDir: string, key: string): string {
  return join(buildDir, 'stage', createHash('sha256').update(key).digest('hex').slice(0, 24));
}

/** Links to every top-level entry of `source` but those in `skip` (and toolkit/SAM state), by name. */
export async function sourceLinks(source: string, skip: readonly string[] = []): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (const name of (await readdir(source)).sort()) {
    if (!NOT_MIRRORED.has(name) && !skip.includes(name)) links.set(name, join(source, name));
  }
  return links;
}

/**
 * Makes `dir` hold exactly `links` (name → absolute target) as symbolic links, touching only
 * what differs. The zip walk follows links as SAM CLI does, so the staged function zips as if
 * its source and its installed dependencies were copied together, without copying a byte.
 */
export async function syncLinks(dir: string, links: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const present = new Set<string>();
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const st = await lstat(path);
    const target = links.get(name);
    if (st.isSymbolicLink() && target !== undefined && (await readlink(path)) === target) present.add(name);
    else await rm(path, { recursive: true, force: true });
  }
  for (const [name, target] of links) if (!present.has(name)) await symlink(target, join(dir, name));
}
