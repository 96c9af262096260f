import { execFileSync } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { HashingSink } from '../src/hashing-sink.ts';
import { centralHeader, endOfCentralDirectory, METHOD_STORE } from '../src/zip-format.ts';
import { ZipWriter } from '../src/zip-writer.ts';
import { missingTool, tempDir, tools, zipEntryNames } from '@toolkit/test-support';

describe('ZIP64', () => {
  const withoutUnzip = missingTool(tools.unzip);
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('writes a ZIP64 end record when there are more than 65535 entries', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'many.zip');
    const handle = await open(path, 'w');
    const writer = new ZipWriter(new HashingSink({ kind: 'file', handle }));
    const count = 70_000;
    for (let i = 0; i < count; i++) {
      const data = Buffer.from(String(i));
      await writer.addBuffered(
        { nameBytes: Buffer.from(`f${String(i).padStart(5, '0')}`), mode: 0o644 },
        { method: METHOD_STORE, crc: crc32(data), size: data.length, data },
      );
    }
    const summary = await writer.finish();
    await handle.close();
    expect(summary.entries).toBe(count);
    const names = await zipEntryNames(path);
    expect(names).toHaveLength(count);
    expect(names[69_999]).toBe('f69999');
    if (!withoutUnzip) expect(execFileSync('unzip', ['-tq', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
  });

  it('moves sizes and offsets past 4 GiB into the ZIP64 extra field', () => {
    const header = centralHeader({
      nameBytes: Buffer.from('big'),
      method: 8,
      crc: 1,
      size: 5 * 2 ** 30,
      compressedSize: 100,
      offset: 6 * 2 ** 30,
      mode: 0o644,
      dataDescriptor: true,
      zip64Local: false,
    });
    expect(header.readUInt32LE(20)).toBe(100);
    expect(header.readUInt32LE(24)).toBe(0xffffffff);
    expect(header.readUInt32LE(42)).toBe(0xffffffff);
    const extra = header.subarray(46 + 3);
    expect(extra.readUInt16LE(0)).toBe(1);
    expect(extra.readUInt16LE(2)).toBe(16);
    expect(Number(extra.readBigUInt64LE(4))).toBe(5 * 2 ** 30);
    expect(Number(extra.readBigUInt64LE(12))).toBe(6 * 2 ** 30);
    const end = endOfCentralDirectory(3, 200, 5 * 2 ** 30);
    expect(end.readUInt32LE(0)).toBe(0x06064b50);
    expect(Number(end.readBigUInt64LE(48))).toBe(5 * 2 ** 30);
    expect(end.readUInt32LE(56)).toBe(0x07064b50);
    expect(end.readUInt32LE(end.length - 22)).toBe(0x06054b50);
    expect(end.readUInt32LE(end.length - 6)).toBe(0xffffffff);
    expect(endOfCentralDirectory(3, 200, 1000)).toHaveLength(22);
  });
});
