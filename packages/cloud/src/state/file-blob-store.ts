import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobInfo, BlobStore } from './blob-store.ts';
import { writeHashedFile } from './hashing-file-writer.ts';
import { DIR_MODE, fsyncDir } from './state-dir.ts';

/**
 * The BlobStore on disk: `<root>/<sha256[0..2]>/<sha256>`, written through a temp
 * file in `tmpDir` (same filesystem), fsynced, renamed into place, folder fsynced.
 * The same content stored twice is one file.
 */
export class FileBlobStore implements BlobStore {
  readonly #root: string;
  readonly #tmpDir: string;

  constructor(root: string, tmpDir: string) {
    this.#root = root;
    this.#tmpDir = tmpDir;
  }

  /** Streams a body in; resolves once it is durable under its SHA-256. */
  async put(body: Readable | Buffer, verify?: (info: BlobInfo) => void): Promise<BlobInfo> {
    const file = await writeHashedFile(body, this.#tmpDir, verify);
    const dir = join(this.#root, file.sha256.slice(0, 2));
    const target = join(dir, file.sha256);
    if (existsSync(target)) {
      await rm(file.path, { force: true });
    } else {
      await mkdir(dir, { recursive: true, mode: DIR_MODE });
      await rename(file.path, target);
      await fsyncDir(dir);
    }
    return { sha256: file.sha256, md5: file.md5, size: file.size };
  }

  /** A stream of the blob, optionally an inclusive byte range. */
  read(sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end } : {});
  }

  /** The whole blob in memory. */
  readAll(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  /** Whether the blob is stored. */
  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** Where the blob lives on disk. */
  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256 blob name: ${sha256}`);
    return join(this.#root, sha256.slice(0, 2), sha256);
  }
}
