import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
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
  for (const name of readdirSync(source).sort()) {
    if (!NOT_MIRRORED.has(name) && !skip.includes(name)) links.set(name, join(source, name));
  }
  return links;
}

/**
 * Makes `dir` hold exactly `links` (name → absolute target) as symbolic links, touching only
 * what differs. The zip walk follows links as SAM CLI does, so the staged function zips as if
 * its source and its installed dependencies were copied together, without copying a byte.
 * Synchronous: a warm build checks every function's links, a few system calls each, and a
 * promise per call cost several times the call.
 */
export async function syncLinks(dir: string, links: ReadonlyMap<string, string>): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const present = new Set<string>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const target = links.get(name);
    if (target !== undefined && lstatSync(path).isSymbolicLink() && readlinkSync(path) === target) present.add(name);
    else rmSync(path, { recursive: true, force: true });
  }
  for (const [name, target] of links) if (!present.has(name)) symlinkSync(target, join(dir, name));
}
