import { join } from 'node:path';
import { UserInputError, messages } from '@toolkit/core';
import { describe, expect, it } from 'vitest';
import { zipDirectory } from '../src/index.ts';
import { readZip, useTempDirs, writeTree } from '@toolkit/test-support';

describe('zipDirectory with symbolic links', () => {
  const temp = useTempDirs();

  it('follows links to files and folders, pnpm style', async () => {
    const root = await temp();
    await writeTree(root, {
      shared: { 'util.js': 'exports.util = 1;', 'tool.sh': { content: '#!/bin/sh', mode: 0o755 } },
      fn: {
        'index.js': 'require("lodash")',
        'util.js': { symlink: '../shared/util.js' },
        'tool.sh': { symlink: '../shared/tool.sh' },
        node_modules: {
          '.pnpm': {
            'lodash@4.17.21': { node_modules: { lodash: { 'index.js': 'module.exports = {}', 'package.json': '{}' } } },
          },
          lodash: { symlink: '.pnpm/lodash@4.17.21/node_modules/lodash' },
        },
        vendor: { symlink: '../shared' },
      },
    });
    const zip = join(root, 'fn.zip');
    await zipDirectory(join(root, 'fn'), zip);
    const entries = await readZip(zip);
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(entries.map((e) => e.name)).toEqual([
      'index.js',
      'node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/index.js',
      'node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json',
      'node_modules/lodash/index.js',
      'node_modules/lodash/package.json',
      'tool.sh',
      'util.js',
      'vendor/tool.sh',
      'vendor/util.js',
    ]);
    expect(byName.get('util.js')?.content.toString()).toBe('exports.util = 1;');
    expect(byName.get('node_modules/lodash/index.js')?.content.toString()).toBe('module.exports = {}');
    // a link takes the mode of what it points at
    expect(byName.get('tool.sh')?.unixMode).toBe(0o755);
    expect(byName.get('util.js')?.unixMode).toBe(0o644);
  });

  it('reports a link to its own parent folder as a cycle naming the link', async () => {
    const root = await temp();
    await writeTree(root, { fn: { 'a.js': 'a', sub: { up: { symlink: '..' } } } });
    const error = await zipDirectory(join(root, 'fn'), join(root, 'out.zip')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect(error).toMatchObject({ code: messages.BuildSymlinkCycle.code });
    expect((error as Error).message).toMatch(/Symbolic link cycle at 'sub\/up' in .*fn: it points to '\.\.'/);
  });

  it('reports a cycle that goes through other links', async () => {
    const root = await temp();
    await writeTree(root, { fn: { x: { 'to-y': { symlink: '../y' } }, y: { 'to-x': { symlink: '../x' } } } });
    const error = await zipDirectory(join(root, 'fn'), join(root, 'out.zip')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: messages.BuildSymlinkCycle.code });
    expect((error as Error).message).toMatch(/Symbolic link cycle at '(x\/to-y\/to-x|y\/to-x\/to-y)'/);
  });

  it('reports a link that loops onto itself as a cycle', async () => {
    const root = await temp();
    await writeTree(root, { fn: { 'a.js': 'a', self: { symlink: 'self' } } });
    await expect(zipDirectory(join(root, 'fn'), join(root, 'out.zip'))).rejects.toMatchObject({
      code: messages.BuildSymlinkCycle.code,
      message: expect.stringContaining("'self'"),
    });
  });

  it('reports a broken link by name', async () => {
    const root = await temp();
    await writeTree(root, { fn: { 'a.js': 'a', lib: { 'gone.js': { symlink: '../missing.js' } } } });
    const error = await zipDirectory(join(root, 'fn'), join(root, 'out.zip')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect(error).toMatchObject({ code: messages.BuildBrokenSymlink.code });
    expect((error as Error).message).toMatch(
      /Broken symbolic link 'lib\/gone\.js' in .*fn: its target '\.\.\/missing\.js' does not exist/,
    );
  });
});
