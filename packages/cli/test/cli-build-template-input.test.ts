import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runToolkit } from './support/run-toolkit.ts';
import { useFixtureProjects } from '@toolkit/test-support';

const resources = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';

describe('toolkit build refuses a bad template file with its position, exit 2 and no stack', () => {
  const project = useFixtureProjects();

  async function refused(dir: string, args: string[] = []): Promise<string> {
    const run = await runToolkit(['build', ...args], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    return run.stderr;
  }

  it('says a FIFO given as the template is not a regular file instead of waiting forever', async () => {
    const dir = await project({});
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    expect(await refused(dir, ['--template-file', 'pipe.yaml'])).toContain(
      `Template ${join(dir, 'pipe.yaml')} is not a regular file (it is a FIFO)`,
    );
  });

  it.each([
    [
      'YAML flow',
      'template.yaml',
      (n: number) => `${resources}Metadata:\n  Deep: ${'['.repeat(n)}${']'.repeat(n)}\n`,
      'template.yaml:5:',
    ],
    [
      'YAML block',
      'template.yaml',
      (n: number) =>
        `${resources}Metadata:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k:\n`).join('')}`,
      'template.yaml:',
    ],
    [
      'JSON',
      'template.json',
      (n: number) =>
        `{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},\n "Metadata": {"Deep": ${'['.repeat(n)}${']'.repeat(n)}}}\n`,
      'template.json:2:',
    ],
  ])(
    'bounds the nesting depth of %s, naming file:line:col, and accepts 100 levels',
    async (_kind, name, text, where) => {
      const dir = await project({ [name]: text(3000) });
      const stderr = await refused(dir, ['--template-file', name]);
      expect(stderr).toMatch(
        new RegExp(
          `${where.replace('.', '\\.')}\\d*:?\\d+: error TEMPLATE_TOO_DEEP: The template nests mappings and lists more than 128 levels deep`,
        ),
      );
      await writeFile(join(dir, name), text(100));
      expect((await runToolkit(['build', '--template-file', name], { cwd: dir })).exitCode).toBe(0);
    },
  );

  it('refuses bytes that are not UTF-8 at their line and column', async () => {
    const dir = await project({});
    await writeFile(
      join(dir, 'template.yaml'),
      Buffer.concat([Buffer.from(`${resources}Description: caf`), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    expect(await refused(dir)).toMatch(
      /template\.yaml:4:17: error TEMPLATE_NOT_UTF8: The template is not valid UTF-8: byte 0xe9 at offset \d+ starts no valid UTF-8 sequence/,
    );
  });

  it('says a template path that is not valid UTF-8 cannot be opened, rather than that it does not exist', async () => {
    const dir = await project({});
    const name = Buffer.concat([Buffer.from(`${dir}/t`), Buffer.from([0xff]), Buffer.from('.yaml')]);
    await writeFile(name, resources);
    // As a shell passes it: the raw bytes reach Node, which decodes them to U+FFFD.
    const stderr = await refused(dir, ['--template-file', name.toString('utf8')]);
    expect(stderr).toContain('--template-file');
    expect(stderr).toContain('its name is not valid UTF-8');
    expect(stderr).not.toContain('does not exist');
  });

  it("refuses unknown top-level sections in CloudFormation's words, at the key, and accepts every real one", async () => {
    const dir = await project({ 'template.yaml': `Resourcs:\n  A: {}\n${resources}Output:\n  X: {}\n` });
    const stderr = await refused(dir);
    expect(stderr).toContain(
      'template.yaml:1:1: error TEMPLATE_UNKNOWN_SECTION: Template format error: Invalid template property or properties [Resourcs]',
    );
    expect(stderr).toContain(
      'template.yaml:6:1: error TEMPLATE_UNKNOWN_SECTION: Template format error: Invalid template property or properties [Output]',
    );
    const all = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Description: d',
      'Metadata: {}',
      'Parameters: {}',
      'Rules: {}',
      'Mappings: {}',
      'Conditions: {}',
      'Transform: AWS::Serverless-2016-10-31',
      'Globals: {}',
      'Hooks: {}',
      'Outputs: {}',
    ].join('\n');
    await writeFile(join(dir, 'template.yaml'), `${all}\n${resources}`);
    const run = await runToolkit(['build'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
  });

  it('refuses a YAML alias bomb at the alias instead of expanding it, and accepts a few aliases', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const dir = await project({
      'template.yaml': `${resources}Metadata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`,
    });
    expect(await refused(dir)).toMatch(
      /template\.yaml:13:\d+: error TEMPLATE_ALIAS_EXPANSION: YAML aliases expand this template by more than 100000 nodes/,
    );
    await writeFile(join(dir, 'template.yaml'), `${resources}Metadata:\n  ${levels[0]}\n  ${levels[1]}\n`);
    expect((await runToolkit(['build'], { cwd: dir })).exitCode).toBe(0);
  });
});
