import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipDirectory } from '../src/index.ts';
import { missingTool, readZip, tools, type Tree, useTempDirs, writeTree } from '@toolkit/test-support';

const tree: Tree = {
  'index.js': 'exports.handler = async () => ({ statusCode: 200 });\n'.repeat(20),
  bin: { 'run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o744 }, tool: { content: 'x', mode: 0o701 } },
  lib: { 'a.js': 'module.exports = 1;\n', 'b-c.js': 'b', 'é.json': '{"ünïcode":true}' },
  'lib-extra.js': 'sorted before lib/ byte-wise',
  'empty.txt': '',
  'random.bin': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)),
  'Upper.js': 'capitals sort first',
};

describe('zipDirectory', () => {
  const temp = useTempDirs();

  it('gives byte-identical zips for copies made in another order with other mtimes', async () => {
    const root = await temp();
    await writeTree(join(root, 'one'), tree, { mtime: 1_000_000_000 });
    await writeTree(join(root, 'two'), tree, { mtime: 1_700_000_000, reverse: true });
    await cp(join(root, 'one'), join(root, 'three'), { recursive: true, preserveTimestamps: false });
    const one = await zipDirectory(join(root, 'one'), join(root, 'one.zip'));
    const two = await zipDirectory(join(root, 'two'), join(root, 'two.zip'));
    const three = await zipDirectory(join(root, 'three'), join(root, 'three.zip'));
    expect(two.sha256).toBe(one.sha256);
    expect(three.sha256).toBe(one.sha256);
    expect(await readFile(join(root, 'two.zip'))).toEqual(await readFile(join(root, 'one.zip')));
    expect(one.entries).toBe(10);
  });

  it('gives a different hash for different content', async () => {
    const root = await temp();
    await writeTree(join(root, 'a'), tree);
    await writeTree(join(root, 'b'), { ...tree, 'index.js': 'exports.handler = () => 2;\n' });
    const a = await zipDirectory(join(root, 'a'), join(root, 'a.zip'));
    const b = await zipDirectory(join(root, 'b'), join(root, 'b.zip'));
    expect(b.sha256).not.toBe(a.sha256);
  });

  it('writes sorted entries, fixed timestamps, 0644/0755 modes, Unix origin and no extra fields', async () => {
    const root = await temp();
    await writeTree(join(root, 'src'), tree);
    const zip = join(root, 'out.zip');
    const summary = await zipDirectory(join(root, 'src'), zip);
    const entries = await readZip(zip);
    const names = entries.map((e) => e.name);
    expect(names).toEqual([
      'Upper.js',
      'bin/run.sh',
      'bin/tool',
      'empty.txt',
      'index.js',
      'lib-extra.js',
      'lib/a.js',
      'lib/b-c.js',
      'lib/é.json',
      'random.bin',
    ]);
    expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    for (const entry of entries) {
      expect(entry.dosDate).toBe(0x21); // 1980-01-01
      expect(entry.dosTime).toBe(0); // 00:00:00
      expect(entry.madeByOs).toBe(3); // Unix
      expect(entry.centralExtraLength).toBe(0);
      expect(entry.localExtraLength).toBe(0);
      expect(entry.unixMode).toBe(entry.name.startsWith('bin/') ? 0o755 : 0o644);
    }
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(byName.get('index.js')?.method).toBe(8); // deflated
    expect(byName.get('empty.txt')?.method).toBe(0); // deflate would grow it
    expect(byName.get('lib/b-c.js')?.method).toBe(0);
    expect(byName.get('lib/é.json')?.content.toString()).toBe('{"ünïcode":true}');
    expect(summary.size).toBe((await readFile(zip)).length);
  });

  it.skipIf(missingTool(tools.unzip))(
    'passes Info-ZIP unzip -t and shows fixed dates and modes in unzip -Z',
    async () => {
      const root = await temp();
      await writeTree(join(root, 'src'), tree);
      const zip = join(root, 'out.zip');
      await zipDirectory(join(root, 'src'), zip);
      expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
      const listing = execFileSync('unzip', ['-Z', '-T', zip], { encoding: 'utf8' });
      const lines = listing.split('\n').filter((line) => /^[-d]r/.test(line));
      expect(lines).toHaveLength(10);
      for (const line of lines) {
        const [perms, , os, , , , when, name] = line.trim().split(/\s+/);
        expect(os).toBe('unx');
        expect(when).toBe('19800101.000000');
        expect(perms).toBe(name?.startsWith('bin/') ? '-rwxr-xr-x' : '-rw-r--r--');
      }
      const out = join(root, 'unpacked');
      execFileSync('unzip', ['-q', zip, '-d', out]);
      expect(execFileSync('stat', ['-c', '%a', join(out, 'bin/run.sh')], { encoding: 'utf8' }).trim()).toBe('755');
      expect(await readFile(join(out, 'lib/a.js'), 'utf8')).toBe('module.exports = 1;\n');
    },
  );

  it('writes the same bytes to a stream as to a file', async () => {
    const root = await temp();
    await writeTree(join(root, 'src'), tree);
    const toFile = await zipDirectory(join(root, 'src'), join(root, 'file.zip'));
    const toStream = await zipDirectory(join(root, 'src'), createWriteStream(join(root, 'stream.zip')));
    expect(toStream).toEqual(toFile);
    expect(await readFile(join(root, 'stream.zip'))).toEqual(await readFile(join(root, 'file.zip')));
  });
});
