import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildWorkers } from './build-workers.ts';
import type { ZippedRecord } from './directory-source.ts';
import { walkDirectory } from './directory-walk.ts';
import { statTuples } from './stat-index.ts';

/**
 * Zips of staging folders' own files, made while the dependencies they link are being
 * installed (a fresh `npm ci` takes most of a cold build). Each is a temp file beside the
 * cache's zips, never named by its digest, so nothing uploads or reuses it after this build:
 * the folder's real zip, made once the install is done, copies its entries as it copies the
 * installed ones from their shared zip, and is byte for byte the zip it would be without.
 * A file changed in between has another stat, so its entry is not copied but made again.
 */
export class EarlyZips {
  private readonly zips = new Map<string, Promise<ZippedRecord | undefined>>();
  private readonly temps: string[] = [];

  constructor(
    private readonly buildDir: string,
    private readonly workers: BuildWorkers,
  ) {}

  /** Starts zipping `stage` without its `dependencies` folder (an entry name), for the source `key`. */
  start(key: string, stage: string, dependencies: string): void {
    if (this.zips.has(key)) return;
    const temp = join(this.buildDir, `.${randomBytes(8).toString('hex')}.zip.tmp`);
    this.temps.push(temp);
    const zipped = (async (): Promise<ZippedRecord | undefined> => {
      const files = await walkDirectory(stage, { exclude: dependencies });
      if (files.length === 0) return undefined;
      const made = await this.workers.zipToNewFile(files, temp);
      const pieces = made.pieces.length ? { pieces: made.pieces } : {};
      return { zip: temp, record: { files: statTuples(files), sha256: made.sha256, size: made.size, ...pieces } };
    })().catch(() => undefined); // only a head start: the folder's own zip reports what is wrong with it
    this.zips.set(key, zipped);
  }

  /** The early zip of source `key`, once made; undefined when none was started or it failed. */
  async get(key: string): Promise<ZippedRecord | undefined> {
    return await this.zips.get(key);
  }

  /** Waits for every early zip and removes them all. */
  async remove(): Promise<void> {
    await Promise.all(this.zips.values());
    await Promise.all(this.temps.map((temp) => rm(temp, { force: true })));
  }
}
