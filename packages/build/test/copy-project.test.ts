import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeTree } from '@toolkit/test-support';
import { copyProject } from '../src/workflows/copy-project.ts';

/** Every entry under `dir`: its type, mode, and content or link target. */
function describeTree(dir: string, prefix = ''): string[] {
  const lines: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = lstatSync(path);
    const mode = (st.mode & 0o777).toString(8);
    if (st.isSymbolicLink()) lines.push(`${prefix}${name} -> ${readlinkSync(path)}`);
    else if (st.isDirectory()) lines.push(`${prefix}${name}/`, ...describeTree(path, `${prefix}${name}/`));
    else lines.push(`${prefix}${name} ${mode} ${readFileSync(path, 'utf8')}`);
  }
  return lines;
}

describe('copying a project for its install', () => {
  const temp = useTempDirs();

  it('copies what fs.cp copied: the top-level skips left out, modes kept, links made absolute', async () => {
    const root = await temp();
    const project = join(root, 'fn');
    await writeTree(join(root, 'shared'), { 'util.js': 'exports.u = 1;\n' });
    await writeTree(project, {
      'package.json': '{"name":"fn"}\n',
      'bin/run.sh': '#!/bin/sh\n',
      'lib/a.js': 'exports.a = 1;\n',
      'lib/deep/node_modules/kept/index.js': 'kept\n',
      'node_modules/gone/index.js': 'gone\n',
      '.toolkit/build/x.zip': 'cache\n',
      '.aws-sam/out.txt': 'sam\n',
    });
    chmodSync(join(project, 'bin/run.sh'), 0o755);
    symlinkSync('../shared/util.js', join(project, 'util.js'));
    symlinkSync('lib/a.js', join(project, 'a-link.js'));
    symlinkSync(join(root, 'shared'), join(project, 'shared-abs'));
    mkdirSync(join(project, 'empty'));

    const skip = new Set(['node_modules', '.toolkit', '.aws-sam']);
    copyProject(project, join(root, 'ours'), skip);
    await cp(project, join(root, 'reference'), {
      recursive: true,
      filter: (from) => !skip.has(relative(project, from).split('/')[0] ?? ''),
    });
    const ours = describeTree(join(root, 'ours'));
    expect(ours).toEqual(describeTree(join(root, 'reference')));
    expect(ours).toContain(`util.js -> ${join(root, 'shared', 'util.js')}`);
    expect(ours).toContain(`a-link.js -> ${join(project, 'lib', 'a.js')}`);
    expect(ours).toContain('bin/run.sh 755 #!/bin/sh\n');
    expect(ours).toContain('lib/deep/node_modules/kept/index.js 644 kept\n');
    expect(ours.some((line) => /^(node_modules|\.toolkit|\.aws-sam)/.test(line))).toBe(false);
  });
});
