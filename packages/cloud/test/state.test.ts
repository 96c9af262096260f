import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultStateDir, projectId, startCloud } from '../src/index.ts';
import { FileBlobStore } from '../src/state/file-blob-store.ts';
import { startFixture } from './server-fixture.ts';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'toolkit-state-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Every path under `dir` with its permission bits. */
async function modes(dir: string): Promise<{ path: string; dir: boolean; mode: number }[]> {
  const out: { path: string; dir: boolean; mode: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    out.push({ path, dir: info.isDirectory(), mode: info.mode & 0o777 });
  }
  return out;
}

describe('state directory', () => {
  it('creates folders 0700 and files 0600, the database and its WAL included', async () => {
    const fixture = await startFixture();
    try {
      await fixture.s3.send(new CreateBucketCommand({ Bucket: 'modes' }));
      await fixture.s3.send(new PutObjectCommand({ Bucket: 'modes', Key: 'a', Body: 'secret' }));
      const { UploadId } = await fixture.s3.send(new CreateMultipartUploadCommand({ Bucket: 'modes', Key: 'mp' }));
      await fixture.s3.send(
        new UploadPartCommand({ Bucket: 'modes', Key: 'mp', UploadId, PartNumber: 1, Body: 'part' }),
      );
      expect((await stat(fixture.stateDir)).mode & 0o777).toBe(0o700);
      const entries = await modes(fixture.stateDir);
      const names = entries.map((e) => e.path.slice(fixture.stateDir.length + 1));
      expect(names).toEqual(
        expect.arrayContaining(['cloud.db', 'cloud.db-wal', 'cloud.db-shm', 'blobs', 'tmp', 'uploads']),
      );
      expect(entries.filter((e) => e.path.includes(`${UploadId}/`) && !e.dir)).toHaveLength(1);
      for (const entry of entries)
        expect({ path: entry.path, mode: entry.mode }).toEqual({ path: entry.path, mode: entry.dir ? 0o700 : 0o600 });
    } finally {
      await fixture.close();
    }
  });

  it('tightens an existing, too open state directory', async () => {
    const parent = await tempDir();
    const stateDir = join(parent, 'state');
    await mkdir(stateDir, { mode: 0o755 });
    await chmod(stateDir, 0o755);
    const cloud = await startCloud({ stateDir });
    await cloud.close();
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
  });

  it('uses WAL journaling and keeps data across a clean restart', async () => {
    const stateDir = await tempDir();
    const first = await startCloud({ stateDir });
    await first.close();
    const db = new Database(join(stateDir, 'cloud.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['s3_buckets', 's3_objects', 's3_uploads', 's3_parts']));
    db.close();
  });

  it('defaults to the project folder under $XDG_STATE_HOME/toolkit, else ~/.local/state/toolkit, outside the project', async () => {
    const id = /^project-[0-9a-f]{12}$/;
    const inXdg = defaultStateDir('/some/project', { XDG_STATE_HOME: '/xdg/state', HOME: '/home/u' });
    expect(inXdg.startsWith('/xdg/state/toolkit/')).toBe(true);
    expect(inXdg.slice('/xdg/state/toolkit/'.length)).toMatch(id);
    // A relative XDG_STATE_HOME is invalid per the XDG spec and ignored.
    expect(defaultStateDir('/some/project', { XDG_STATE_HOME: 'relative', HOME: '/home/u' })).toBe(
      `/home/u/.local/state/toolkit/${projectId('/some/project')}`,
    );
    // Same name, different folder: different ids; a symlink to the project: the same id.
    expect(projectId('/other/project')).not.toBe(projectId('/some/project'));
    const parent = await tempDir();
    await mkdir(join(parent, 'real'));
    await symlink(join(parent, 'real'), join(parent, 'link'));
    expect(projectId(join(parent, 'link'))).toBe(projectId(join(parent, 'real')));
  });
});

describe('blob store', () => {
  it('stores content by SHA-256 with its MD5, once, and reads ranges', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'blobs'));
    await mkdir(join(root, 'tmp'));
    const blobs = new FileBlobStore(join(root, 'blobs'), join(root, 'tmp'));
    const data = Buffer.from('content addressed');
    const a = await blobs.put(data);
    const b = await blobs.put(Readable.from([data.subarray(0, 5), data.subarray(5)]));
    expect(a).toEqual(b);
    expect(a).toEqual({
      sha256: createHash('sha256').update(data).digest('hex'),
      md5: createHash('md5').update(data).digest('hex'),
      size: data.length,
    });
    expect(blobs.has(a.sha256)).toBe(true);
    expect(blobs.pathOf(a.sha256)).toBe(join(root, 'blobs', a.sha256.slice(0, 2), a.sha256));
    expect(await blobs.readAll(a.sha256)).toEqual(data);
    const chunks: Buffer[] = [];
    for await (const chunk of blobs.read(a.sha256, { start: 8, end: 16 })) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('addressed');
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    expect(() => blobs.pathOf('../etc/passwd')).toThrow();
  });

  it('stores a body that arrives in 100,000 one-byte pieces intact', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'tmp'));
    const blobs = new FileBlobStore(join(root, 'blobs'), join(root, 'tmp'));
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
    const pieces = Array.from({ length: data.length }, (_, i) => data.subarray(i, i + 1));
    const stored = await blobs.put(Readable.from(pieces));
    expect(stored.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect((await blobs.readAll(stored.sha256)).equals(data)).toBe(true);
  });

  it('leaves nothing behind when the body stream fails', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'tmp'));
    const blobs = new FileBlobStore(join(root, 'blobs'), join(root, 'tmp'));
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(blobs.put(failing)).rejects.toThrow('client went away');
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });
});
