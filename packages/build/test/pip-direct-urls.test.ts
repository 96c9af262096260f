import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFixtures } from '@toolkit/test-support';
import { dropLocalDirectUrls } from '../src/workflows/pip-direct-urls.ts';

const directUrl = (url: string) => JSON.stringify({ archive_info: {}, url });
const record = (...rows: string[]) => rows.map((row) => `${row}\r\n`).join('');

describe('direct URLs of local installs', () => {
  const fixture = useFixtures();

  it('drops a local direct_url.json and only its RECORD row, quoted or not; keeps remote ones', async () => {
    const tree = fixture({
      'local-1.0.dist-info/direct_url.json': directUrl('file:///home/dev/project/vendor/local-1.0.whl'),
      'local-1.0.dist-info/RECORD': record(
        'local/__init__.py,sha256=abc,3',
        'local-1.0.dist-info/direct_url.json,sha256=def,80',
        'local-1.0.dist-info/RECORD,,',
      ),
      'odd,name-1.0.dist-info/direct_url.json': directUrl('file:///srv/odd'),
      'odd,name-1.0.dist-info/RECORD': record(
        '"odd,name-1.0.dist-info/direct_url.json",sha256=x,1',
        '"odd,name-1.0.dist-info/RECORD",,',
      ),
      'remote-2.0.dist-info/direct_url.json': directUrl('https://example.com/remote-2.0.whl'),
      'remote-2.0.dist-info/RECORD': record('remote-2.0.dist-info/direct_url.json,sha256=g,50'),
      'plain-3.0.dist-info/RECORD': record('plain/__init__.py,sha256=h,1'),
      'not-pip-4.0.dist-info/direct_url.json': '{ broken',
    });
    expect(await dropLocalDirectUrls(tree.dir)).toEqual([
      'local-1.0.dist-info/direct_url.json',
      'odd,name-1.0.dist-info/direct_url.json',
    ]);
    expect(existsSync(tree.file('local-1.0.dist-info/direct_url.json'))).toBe(false);
    expect(await readFile(tree.file('local-1.0.dist-info/RECORD'), 'utf8')).toBe(
      record('local/__init__.py,sha256=abc,3', 'local-1.0.dist-info/RECORD,,'),
    );
    expect(await readFile(tree.file('odd,name-1.0.dist-info/RECORD'), 'utf8')).toBe(
      record('"odd,name-1.0.dist-info/RECORD",,'),
    );
    expect(existsSync(tree.file('remote-2.0.dist-info/direct_url.json'))).toBe(true);
    expect(await readFile(tree.file('remote-2.0.dist-info/RECORD'), 'utf8')).toBe(
      record('remote-2.0.dist-info/direct_url.json,sha256=g,50'),
    );
    expect(existsSync(tree.file('not-pip-4.0.dist-info/direct_url.json'))).toBe(true);
  });

  it('does nothing in a folder without distributions, or one that does not exist', async () => {
    const tree = fixture({ 'pkg/__init__.py': '' });
    expect(await dropLocalDirectUrls(tree.dir)).toEqual([]);
    expect(await dropLocalDirectUrls(join(tree.dir, 'missing'))).toEqual([]);
  });
});
