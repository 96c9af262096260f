import { createWriteStream } from 'node:fs';
import { appendFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationError, messages } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { BuildWorkers } from '../src/build-workers.ts';
import { walkDirectory } from '../src/directory-walk.ts';
import { zipDirectory } from '../src/index.ts';
import { readZip, useTempDirs, writeTree } from '@toolkit/test-support';

describe('BuildWorkers', () => {
  const temp = useTempDirs();
  async function fixture(): Promise<{ root: string; src: string }> {
    const root = await temp();
    const src = join(root, 'src');
    await writeTree(src, {
      'index.js': 'exports.handler = async () => 1;\n'.repeat(50),
      lib: { 'a.js': 'module.exports = "a";\n' },
    });
    return { root, src };
  }

  it('writes the same bytes on a worker as on this thread', async () => {
    const { root, src } = await fixture();
    const workers = new BuildWorkers(2);
    try {
      const files = await walkDirectory(src);
      // The worker also reports how large entries were cut into pieces (none here).
      const { pieces, ...onWorker } = await workers.zipToNewFile(files, join(root, 'worker.zip'));
      const streamed = await zipDirectory(src, createWriteStream(join(root, 'stream.zip')));
      expect(onWorker).toEqual(streamed);
      expect(pieces).toEqual([]);
      expect((await readZip(join(root, 'worker.zip'))).map((e) => e.name)).toEqual(['index.js', 'lib/a.js']);
    } finally {
      await workers.close();
    }
  });

  it('warms up one worker ahead of a task, which the task then takes', async () => {
    const { root, src } = await fixture();
    const workers = new BuildWorkers(2);
    try {
      workers.warmUp();
      workers.warmUp(); // one is idle already: no second
      expect(workers.running).toBe(1);
      await workers.zipToNewFile(await walkDirectory(src), join(root, 'out.zip'));
      expect(workers.running).toBe(1);
    } finally {
      await workers.close();
    }
  });

  it('keeps the class and code of a toolkit error raised on a worker, and leaves no partial file', async () => {
    const { root, src } = await fixture();
    const files = await walkDirectory(src);
    await appendFile(join(src, 'lib', 'a.js'), 'grown after the walk\n');
    const workers = new BuildWorkers(1);
    try {
      const error = await workers.zipToNewFile(files, join(root, 'out.zip')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationError);
      expect(error).toMatchObject({
        code: messages.BuildFileChanged.code,
        message: expect.stringContaining('a.js changed while it was being zipped'),
      });
      expect(await readdir(root)).toEqual(['src']);
    } finally {
      await workers.close();
    }
  });

  it('keeps the errno of a system error raised on a worker', async () => {
    const { root, src } = await fixture();
    const files = await walkDirectory(src);
    await rm(join(src, 'index.js'));
    const workers = new BuildWorkers(1);
    try {
      await expect(workers.zipToNewFile(files, join(root, 'out.zip'))).rejects.toMatchObject({ code: 'ENOENT' });
      // The worker survives a failed task and takes the next one.
      await expect(workers.zipToNewFile(await walkDirectory(src), join(root, 'again.zip'))).resolves.toMatchObject({
        entries: 1,
      });
    } finally {
      await workers.close();
    }
  });

  it('queues tasks beyond its size and runs them all', async () => {
    const { root, src } = await fixture();
    const files = await walkDirectory(src);
    const workers = new BuildWorkers(2);
    try {
      const summaries = await Promise.all(
        Array.from({ length: 6 }, (_, i) => workers.zipToNewFile(files, join(root, `out-${i}.zip`))),
      );
      expect(new Set(summaries.map((s) => s.sha256)).size).toBe(1);
    } finally {
      await workers.close();
    }
  });
});
