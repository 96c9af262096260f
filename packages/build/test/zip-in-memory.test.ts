import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipInMemory } from '../src/index.ts';
import { readZip, useTempDirs } from '@toolkit/test-support';
import { messages } from '@toolkit/core';

describe('zipInMemory', () => {
  const temp = useTempDirs();

  it('stores entries in the order given, with their modes and the fixed timestamp, readable by an independent reader', async () => {
    const zip = join(await temp(), 'inline.zip');
    await writeFile(
      zip,
      zipInMemory([
        { name: 'index.js', data: Buffer.from('exports.handler = async () => 1;\n') },
        { name: 'bin/run', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
      ]),
    );
    const entries = await readZip(zip);
    expect(entries.map((e) => [e.name, e.content.toString(), e.unixMode, e.method, e.dosDate, e.dosTime])).toEqual([
      ['index.js', 'exports.handler = async () => 1;\n', 0o644, 0, 33, 0],
      ['bin/run', '#!/bin/sh\n', 0o755, 0, 33, 0],
    ]);
    expect(
      zipInMemory([{ name: 'a', data: Buffer.from('x') }]).equals(zipInMemory([{ name: 'a', data: Buffer.from('x') }])),
    ).toBe(true);
  });

  it.each([
    ['/etc/passwd', /absolute/],
    ['C:/evil.js', /absolute/],
    ['a/../../evil.js', /'\.\.' segment/],
    ['..\\..\\evil.js', /backslash/],
    ['bad\nname.js', /control character U\+000A/],
    ['lone\ud800.js', /not valid UTF-8/],
  ])('refuses the unsafe entry name %j, naming it', (name, reason) => {
    expect(() => zipInMemory([{ name, data: Buffer.from('x') }])).toThrow(
      expect.objectContaining({ code: messages.BuildUnsafeEntryName.code, message: expect.stringMatching(reason) }),
    );
    expect(() => zipInMemory([{ name, data: Buffer.from('x') }])).toThrow(JSON.stringify(name));
  });
});
