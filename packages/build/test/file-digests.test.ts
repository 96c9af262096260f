import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileDigests } from '../src/workflows/file-digests.ts';
import { localSourceDigests } from '../src/workflows/local-sources.ts';
import { useTempDirs } from '@toolkit/test-support';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const anHourAgo = () => new Date(Date.now() - 3600_000);

describe('digests of the local files installs read, remembered by stat', () => {
  const temp = useTempDirs();

  /** A build folder and a FileDigests over it that counts the files it reads. */
  async function setUp() {
    const root = await temp();
    const buildDir = join(root, 'build');
    await mkdir(join(buildDir, 'deps'), { recursive: true });
    const reads: string[] = [];
    const open = () =>
      new FileDigests(buildDir, (path) => {
        reads.push(path);
        return readFile(path);
      });
    return { root, reads, open };
  }

  /** The digest of `path` through a fresh FileDigests (a new build), saved afterwards. */
  async function digestIn(digests: FileDigests, path: string): Promise<string> {
    const digest = await digests.digest(path, await stat(path));
    await digests.save();
    return digest;
  }

  it('a later build reads no file whose stat is unchanged', async () => {
    const { root, reads, open } = await setUp();
    const file = join(root, 'a.tgz');
    await writeFile(file, 'tarball a');
    // Its ctime is the write's and cannot be set back: wait out the racy window.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await digestIn(open(), file)).toBe(sha256('tarball a'));
    expect(await digestIn(open(), file)).toBe(sha256('tarball a'));
    expect(reads).toEqual([file]);
  });

  it('a file changed just now is hashed again by the next build', async () => {
    const { root, reads, open } = await setUp();
    const file = join(root, 'a.tgz');
    await writeFile(file, 'fresh');
    await digestIn(open(), file);
    await digestIn(open(), file);
    expect(reads).toEqual([file, file]);
  });

  it('sees a same-size rewrite with its mtime put back, and a same-size, same-mtime replacement', async () => {
    const { root, open } = await setUp();
    const file = join(root, 'a.tgz');
    await writeFile(file, 'content 1');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await utimes(file, anHourAgo(), anHourAgo());
    const { mtime } = await stat(file);
    await digestIn(open(), file);
    // Same size, mtime restored: the ctime moved.
    await writeFile(file, 'content 2');
    await utimes(file, mtime, mtime);
    expect(await digestIn(open(), file)).toBe(sha256('content 2'));
    // Another file of the same size and mtime renamed over it: another inode.
    const other = join(root, 'other');
    await writeFile(other, 'content 3');
    await utimes(other, mtime, mtime);
    await rename(other, file);
    expect(await digestIn(open(), file)).toBe(sha256('content 3'));
  });

  it('ignores a digest file it cannot read', async () => {
    const { root, open } = await setUp();
    await writeFile(join(root, 'build', 'deps', 'file-digests.json'), '{"not": "a list"}');
    const file = join(root, 'a.tgz');
    await writeFile(file, 'x');
    expect(await digestIn(open(), file)).toBe(sha256('x'));
  });

  it('keys a local folder by its files’ names, sizes and contents', async () => {
    const { root, open } = await setUp();
    await mkdir(join(root, 'pkg', 'lib'), { recursive: true });
    await writeFile(join(root, 'pkg', 'package.json'), '{}');
    await writeFile(join(root, 'pkg', 'lib', 'a.js'), 'a');
    const before = await localSourceDigests(root, ['file:pkg'], open());
    await writeFile(join(root, 'pkg', 'lib', 'a.js'), 'b');
    const after = await localSourceDigests(root, ['file:pkg'], open());
    expect(after).not.toEqual(before);
    expect(await localSourceDigests(root, ['file:missing'], open())).toEqual(['file:missing=missing']);
  });
});
