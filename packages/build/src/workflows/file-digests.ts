import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@toolkit/core';
import { dependencyCacheDir } from './dependency-cache.ts';

const DIGESTS_FILE = 'file-digests.json';
/** A file changed this recently may change again within its timestamps' granularity: hashed again next time. */
const RACY_MS = 2000;
/** Remembered digests at most; past it only those of the last build are kept. */
const MAX_RECORDS = 50_000;

/**
 * SHA-256 digests of the local files installs read (`file:` tarballs, wheels, the files of
 * local package folders), remembered in the dependency cache against each file's device,
 * inode, size, mtime and ctime, so a warm build reads none of them. The ctime moves on every
 * write and cannot be set back, so a same-size rewrite with its mtime restored is still
 * seen; a file changed within two seconds of being hashed is not remembered (its timestamps
 * could stay the same through another write, the "racily clean" case of git's index).
 */
export class FileDigests {
  private known: Promise<Map<string, [stamp: string, digest: string]>> | undefined;
  private readonly used = new Map<string, [stamp: string, digest: string]>();
  private changed = false;

  constructor(
    private readonly buildDir: string,
    /**
     * How file contents are read (a test counts the reads): synchronously by default, since a
     * cold build hashes every `file:` package of every function, a few KB each, while npm
     * runs beside it, and four trips through the thread pool per file cost more than the hash.
     */
    private readonly read: (path: string) => Buffer | Promise<Buffer> = readFileSync,
  ) {}

  /** The hex SHA-256 of the file at `path`, whose stat is `st`. */
  async digest(path: string, st: Stats): Promise<string> {
    const stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    const known = (await this.load()).get(path);
    if (known?.[0] === stamp) {
      this.used.set(path, known);
      return known[1];
    }
    const digest = createHash('sha256')
      .update(await this.read(path))
      .digest('hex');
    if (Math.max(st.mtimeMs, st.ctimeMs) < Date.now() - RACY_MS) {
      this.used.set(path, [stamp, digest]);
      this.changed = true;
    }
    return digest;
  }

  /** Writes the digests learnt in this build, with those remembered before, when there are new ones. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const merged = new Map(await readDigests(this.file()));
    for (const [path, record] of this.used) merged.set(path, record);
    const records = merged.size <= MAX_RECORDS ? merged : this.used;
    await writeFileAtomic(this.file(), JSON.stringify([...records]), 0o600).catch(() => {
      // Only a cache: the next build hashes the files again.
    });
  }

  private load(): Promise<Map<string, [string, string]>> {
    this.known ??= readDigests(this.file());
    return this.known;
  }

  private file(): string {
    return join(dependencyCacheDir(this.buildDir), DIGESTS_FILE);
  }
}

async function readDigests(file: string): Promise<Map<string, [string, string]>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (!Array.isArray(parsed)) return new Map();
    return new Map(
      parsed
        .filter(
          (e): e is [string, [string, string]] =>
            Array.isArray(e) &&
            typeof e[0] === 'string' &&
            Array.isArray(e[1]) &&
            typeof e[1][0] === 'string' &&
            typeof e[1][1] === 'string',
        )
        .map(([path, record]) => [path, [record[0], record[1]]]),
    );
  } catch {
    return new Map();
  }
}
