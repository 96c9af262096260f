import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildWorkers } from './build-workers.ts';
import type { ZippedRecord } from './directory-source.ts';
import { walkDirectory, type WalkedFile } from './directory-walk.ts';
import { statTuples } from './stat-index.ts';

/** A part of a folder zipped in parts holds at least this many bytes: a smaller folder is zipped whole. */
const MIN_PART_BYTES = 512 << 10;

/**
 * Temp zips a build makes ahead of the zips it keeps, to copy their entries: the zip of a
 * staging folder's own files, made while the dependencies it links are being installed (a
 * fresh `npm ci` takes most of a cold build), and the parts of a shared dependency folder.
 * Each is a temp file beside the cache's zips, never named by its digest, so nothing uploads
 * or reuses it after this build: the real zip copies its entries as it copies any earlier
 * zip's, and is byte for byte the zip it would be without. A file changed in between has
 * another stat, so its entry is not copied but made again.
 */
export class EarlyZips {
  private readonly zips = new Map<string, Promise<ZippedRecord | undefined>>();
  private readonly temps: string[] = [];
  private readonly pending: Promise<unknown>[] = [];

  constructor(
    private readonly buildDir: string,
    private readonly workers: BuildWorkers,
  ) {}

  /** Starts zipping `stage` without its `dependencies` folder (an entry name), for the source `key`. */
  start(key: string, stage: string, dependencies: string): void {
    if (this.zips.has(key)) return;
    const zipped = (async (): Promise<ZippedRecord | undefined> => {
      const files = await walkDirectory(stage, { exclude: dependencies });
      return files.length === 0 ? undefined : await this.zipToTemp(files);
    })().catch(() => undefined); // only a head start: the folder's own zip reports what is wrong with it
    this.zips.set(key, zipped);
  }

  /** Zips `files` into a temp file removed by {@link remove}; undefined when that fails. */
  private async zipToTemp(files: readonly WalkedFile[]): Promise<ZippedRecord | undefined> {
    const temp = join(this.buildDir, `.${randomBytes(8).toString('hex')}.zip.tmp`);
    this.temps.push(temp);
    // Not flushed to disk: only this build reads it back, and a crash leaves a temp file to clean.
    const made = this.workers.zipToNewFile(files, temp, {}, false).catch(() => undefined);
    this.pending.push(made);
    const summary = await made;
    if (!summary) return undefined;
    const pieces = summary.pieces.length ? { pieces: summary.pieces } : {};
    return { zip: temp, record: { files: statTuples(files), sha256: summary.sha256, size: summary.size, ...pieces } };
  }

  /**
   * Zips `files` as up to `parts` temp zips at once, about the same size each: a folder
   * every function waits for (installed dependencies) is deflated on every worker rather
   * than one, and its zip then copies their entries. None for a folder under {@link MIN_PART_BYTES} a part.
   */
  async inParts(files: readonly WalkedFile[], parts: number): Promise<ZippedRecord[]> {
    const total = files.reduce((bytes, file) => bytes + file.size, 0);
    const count = Math.min(parts, Math.floor(total / MIN_PART_BYTES));
    if (count < 2) return [];
    const groups: WalkedFile[][] = [[]];
    let bytes = 0;
    for (const file of files) {
      if (bytes >= (total * groups.length) / count && groups.length < count) groups.push([]);
      groups.at(-1)!.push(file);
      bytes += file.size;
    }
    const zipped = await Promise.all(groups.map((group) => this.zipToTemp(group)));
    return zipped.filter((zip) => zip !== undefined);
  }

  /** The early zip of source `key`, once made; undefined when none was started or it failed. */
  async get(key: string): Promise<ZippedRecord | undefined> {
    return await this.zips.get(key);
  }

  /** Waits for every temp zip being written (call it before the workers stop) and removes them all. */
  async remove(): Promise<void> {
    await Promise.all(this.zips.values());
    await Promise.all(this.pending);
    await Promise.all(this.temps.map((temp) => rm(temp, { force: true })));
  }
}
