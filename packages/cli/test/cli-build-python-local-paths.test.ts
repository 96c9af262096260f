import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, pythonWheel, readZip, useFixtureProjects, type Tree } from '@toolkit/test-support';
import { runToolkit } from './support/run-toolkit.ts';

const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

/** A python3.12 function whose requirements name local wheels by path, never an index. */
const files: Tree = {
  'template.yaml': lines(
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties: { CodeUri: fn/, Handler: app.handler, Runtime: python3.12 }',
  ),
  'fn/app.py': 'import greeting, farewell\ndef handler(event, context):\n    return greeting.greet()\n',
  // A relative path and a `file:` URL: pip records both as direct URLs (PEP 610), the first absolute.
  'fn/requirements.txt': lines(
    '--no-index',
    '../vendor/greeting-1.0.0-py3-none-any.whl',
    'file:../vendor/farewell-2.0.0-py3-none-any.whl',
  ),
};

async function projectWithWheels(project: (tree: Tree) => Promise<string>): Promise<string> {
  const dir = await project(files);
  pythonWheel(join(dir, 'vendor'), 'greeting', '1.0.0', { 'greeting/__init__.py': "def greet():\n    return 'hi'\n" });
  pythonWheel(join(dir, 'vendor'), 'farewell', '2.0.0', { 'farewell/__init__.py': "def bye():\n    return 'bye'\n" });
  return dir;
}

async function buildZipOf(dir: string): Promise<string> {
  const run = await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return resolve(dir, (JSON.parse(run.stdout) as { artifacts: Array<{ zip: string }> }).artifacts[0]!.zip);
}

describe('toolkit build: Python requirements named by local path', () => {
  const project = useFixtureProjects();

  it('gives the same zip, byte for byte, wherever the project lives, each RECORD true to its files', async () => {
    const first = await projectWithWheels(project);
    const second = await projectWithWheels(project);
    expect(second).not.toBe(first);
    const [a, b] = [await buildZipOf(first), await buildZipOf(second)];
    expect(await readFile(b)).toEqual(await readFile(a));
    const entries = await readZip(a);
    expect(entries.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['greeting/__init__.py', 'farewell/__init__.py']),
    );
    // Nothing in the zip names the folder the project was built in.
    for (const entry of entries) expect(entry.content.toString('latin1')).not.toContain(first);
    expectRecordsTrue(entries);
  });
});

/**
 * Each installed RECORD lists exactly the files of its distribution with their digests and sizes,
 * as pip checks them, and no `direct_url.json`: the local path it held is gone with it.
 */
function expectRecordsTrue(entries: ReadonlyArray<{ name: string; content: Buffer }>): void {
  const byName = new Map(entries.map((entry) => [entry.name, entry.content]));
  const records = entries.filter((entry) => entry.name.endsWith('.dist-info/RECORD'));
  expect(records.map((entry) => entry.name).sort()).toEqual([
    'farewell-2.0.0.dist-info/RECORD',
    'greeting-1.0.0.dist-info/RECORD',
  ]);
  for (const record of records) {
    const distInfo = record.name.slice(0, -'/RECORD'.length);
    const rows = record.content.toString('utf8').split(/\r?\n/).filter(Boolean);
    const listed = rows.map((row) => row.split(',')[0]);
    expect(listed).toContain(`${distInfo}/REQUESTED`);
    expect(listed).not.toContain(`${distInfo}/direct_url.json`);
    expect(byName.has(`${distInfo}/direct_url.json`)).toBe(false);
    const inDistInfo = [...byName.keys()].filter((name) => name.startsWith(`${distInfo}/`));
    expect(listed.filter((path) => path!.startsWith(`${distInfo}/`)).sort()).toEqual(inDistInfo.sort());
    for (const row of rows) {
      const [path, hash, size] = row.split(',');
      if (path === record.name) continue;
      const content = byName.get(path!);
      expect(content, `${path} listed in ${record.name}`).toBeDefined();
      expect(hash).toBe(`sha256=${createHash('sha256').update(content!).digest('base64url')}`);
      expect(Number(size)).toBe(content!.length);
    }
  }
}
