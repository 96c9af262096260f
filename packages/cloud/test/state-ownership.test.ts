import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutSigningProfileCommand, SignerClient } from '@aws-sdk/client-signer';
import { recordingIoHost, messages } from '@toolkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CACHEDIR_TAG_SIGNATURE,
  cloudClientConfig,
  openSharedCloud,
  readStateOwner,
  startCloud,
  StateDirInUseError,
} from '../src/index.ts';
import { spawnCloud, type CloudProcess } from './server-process.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempStateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'toolkit-owner-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function spawned(stateDir: string): Promise<CloudProcess> {
  const child = await spawnCloud(stateDir);
  cleanups.push(async () => {
    if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    await child.exited;
  });
  return child;
}

/** Every entry under `dir` with its permission bits, relative names. */
async function modes(dir: string): Promise<Map<string, { dir: boolean; mode: number }>> {
  const out = new Map<string, { dir: boolean; mode: number }>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    out.set(path.slice(dir.length + 1), { dir: info.isDirectory(), mode: info.mode & 0o777 });
  }
  return out;
}

describe('one owner per state folder', () => {
  it('refuses a second cloud on a held state folder, naming the owner PID and endpoint, keeps its temp files, and takes over once the owner is SIGKILLed', async () => {
    const stateDir = await tempStateDir();
    const owner = await spawned(stateDir);
    const inFlight = join(stateDir, 'tmp', 'upload-in-flight');
    await writeFile(inFlight, 'half an upload');

    const refused = await startCloud({ stateDir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(StateDirInUseError);
    expect((refused as StateDirInUseError).code).toBe(messages.StateDirInUse.code);
    expect((refused as Error).message).toContain(`PID ${owner.pid} (serving ${owner.endpoint})`);
    expect(await readFile(inFlight, 'utf8')).toBe('half an upload');

    // Killed with SIGKILL, the owner leaves its owner.json but not its lock: the next start takes over.
    expect(readStateOwner(stateDir)?.pid).toBe(owner.pid);
    owner.child.kill('SIGKILL');
    await owner.exited;
    expect(readStateOwner(stateDir)?.pid).toBe(owner.pid);

    const next = await startCloud({ stateDir });
    cleanups.push(() => next.close());
    expect(readStateOwner(stateDir)).toMatchObject({ pid: process.pid, endpoint: next.endpoint });
  });

  it('keeps holding the folder after a second try from the same process: another process is still refused', async () => {
    const stateDir = await tempStateDir();
    const owner = await startCloud({ stateDir });
    cleanups.push(() => owner.close());
    await expect(startCloud({ stateDir })).rejects.toBeInstanceOf(StateDirInUseError);
    // POSIX record locks belong to the process: had the second try closed a descriptor of
    // the lock file, the lock would be gone and this child would start.
    await expect(spawned(stateDir)).rejects.toThrow(`in use by PID ${process.pid} (serving ${owner.endpoint})`);
  });

  it('joins the cloud that owns the folder, and an owner that stops waits for the runs that joined it', async () => {
    const stateDir = await tempStateDir();
    const waits: number[] = [];
    const owner = await startCloud({ stateDir, guestWaitMs: 30_000, onGuestWait: (count) => waits.push(count) });
    const io = recordingIoHost();
    const guest = await openSharedCloud({ stateDir }, io);
    expect(guest).toMatchObject({ mode: 'joined', endpoint: owner.endpoint, ownerPid: process.pid });
    expect(io.messages.map((m) => m.code)).toEqual([messages.LocalCloudJoined.code]);

    let closed = false;
    const closing = owner.close().then(() => (closed = true));
    while (!readStateOwner(stateDir)?.closing) await new Promise((resolve) => setImmediate(resolve));
    // Stopping has begun, yet the guest's requests are still served.
    const signer = new SignerClient(cloudClientConfig(guest.endpoint));
    await signer.send(
      new PutSigningProfileCommand({ profileName: 'StillServed', platformId: 'AWSLambda-SHA384-ECDSA' }),
    );
    signer.destroy();
    expect(closed).toBe(false);
    // A run arriving now does not join a cloud that is stopping: it waits, says so, and gives up when told to.
    const late = recordingIoHost();
    await expect(openSharedCloud({ stateDir, waitMs: 300 }, late)).rejects.toMatchObject({
      code: messages.StateDirBusy.code,
      message: expect.stringContaining(`PID ${process.pid}`),
    });
    expect(late.messages.map((m) => m.code)).toEqual([messages.LocalCloudWaiting.code]);
    await guest.close();
    await closing;
    expect(waits).toEqual([1]);

    // Free again: the next run starts its own cloud.
    const after = await openSharedCloud({ stateDir });
    cleanups.push(() => after.close());
    expect(after.mode).toBe('started');
  });
});

describe('state folder hygiene at start', () => {
  it('tightens every folder to 0700 and every file to 0600 after chmod -R a+rwX, keys included', async () => {
    const stateDir = await tempStateDir();
    const first = await startCloud({ stateDir });
    const signer = new SignerClient(cloudClientConfig(first.endpoint));
    await signer.send(new PutSigningProfileCommand({ profileName: 'Loose', platformId: 'AWSLambda-SHA384-ECDSA' }));
    signer.destroy();
    await first.close();
    await mkdir(join(stateDir, 'extra', 'deeper'), { recursive: true });
    await writeFile(join(stateDir, 'extra', 'deeper', 'note'), 'x');
    for (const [name, entry] of await modes(stateDir)) await chmod(join(stateDir, name), entry.dir ? 0o777 : 0o666);
    await chmod(stateDir, 0o777);

    const second = await startCloud({ stateDir });
    await second.close();
    const after = await modes(stateDir);
    expect([...after.keys()]).toEqual(expect.arrayContaining(['signer', 'signer/keys', 'extra/deeper/note']));
    expect([...after.keys()].some((name) => name.startsWith('signer/keys/') && name.endsWith('.pem'))).toBe(true);
    for (const [name, entry] of after)
      expect({ name, mode: entry.mode }).toEqual({ name, mode: entry.dir ? 0o700 : 0o600 });
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
  });

  it('tags every state folder it creates or opens with CACHEDIR.TAG', async () => {
    const created = join(await tempStateDir(), 'new');
    const cloud = await startCloud({ stateDir: created });
    await cloud.close();
    expect((await readFile(join(created, 'CACHEDIR.TAG'), 'utf8')).startsWith(CACHEDIR_TAG_SIGNATURE)).toBe(true);

    // A state folder from before the tag existed gets one when opened.
    await rm(join(created, 'CACHEDIR.TAG'));
    const reopened = await startCloud({ stateDir: created });
    await reopened.close();
    expect(
      (await readFile(join(created, 'CACHEDIR.TAG'), 'utf8')).startsWith('Signature: 8a477f597d28d172789f06886806bc55'),
    ).toBe(true);
  });
});
