import type { IoHost } from '@toolkit/core';
import type { BuildWorkers } from './build-workers.ts';
import { buildDirectorySource, zippedRecord, type StatCache, type ZippedRecord } from './directory-source.ts';
import type { WalkedFile } from './directory-walk.ts';
import type { EarlyZips } from './early-zips.ts';

/**
 * The zips of the shared dependency folders of one build (see `WorkflowOutcome.sharedDir`),
 * each made once and deflated on every worker at once, in parts whose entries it then
 * copies. A fresh install's parts are deflated as soon as it is linked, since every function
 * holding it waits for them, but its zip goes into the cache only once every install of the
 * build succeeded: a failed build leaves no zip behind.
 */
export class SharedZips {
  private readonly zips = new Map<string, Promise<ZippedRecord>>();

  constructor(
    private readonly buildDir: string,
    private readonly cache: Promise<StatCache>,
    private readonly workers: BuildWorkers,
    private readonly io: IoHost,
    /** The build's walks of linked folders, shared with the functions' walks. */
    private readonly linkedFolders: Map<string, readonly WalkedFile[]>,
    private readonly early: EarlyZips,
    private readonly parts: number,
    /** True once every install of the build succeeded, false when one failed. */
    private readonly installed: Promise<boolean>,
  ) {}

  /** The zip of the shared folder `dir`, started now if it was not yet. */
  get(dir: string): Promise<ZippedRecord> {
    let zipped = this.zips.get(dir);
    if (!zipped) {
      zipped = this.make(dir);
      zipped.catch(() => {}); // started ahead: a failure is thrown to the functions awaiting it
      this.zips.set(dir, zipped);
    }
    return zipped;
  }

  /** Waits for every zip started, made or failed: none may be left writing when the workers stop. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.zips.values());
  }

  private async make(dir: string): Promise<ZippedRecord> {
    const cache = await this.cache;
    const walk = { linkedFolders: this.linkedFolders };
    await buildDirectorySource(dir, this.buildDir, cache, this.workers, this.io, walk, async (files) => {
      const parts = await this.early.inParts(files, this.parts);
      if (!(await this.installed)) throw new Error(`${dir} is not zipped: an install failed.`);
      return parts;
    });
    return zippedRecord(cache, this.buildDir, dir);
  }
}
