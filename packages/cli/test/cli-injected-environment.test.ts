import { fixtureTree, storedZip } from '@toolkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runToolkit } from './support/run-toolkit.ts';

/** Prompts read the injected stdin and commands read the injected clock, never the process's. */
describe('toolkit commands: stdin and clock come from the environment', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const terminal = { columns: 100 };

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({
      'template.yaml': 'Resources:\n  Store:\n    Type: AWS::S3::Bucket\n',
      'trust.json': '{"exportedAt":"2030-01-01T00:00:00.000Z","profileVersions":[],"revokedJobs":[]}',
    }));
    await writeFile(join(root, 'plain.zip'), storedZip({ 'index.mjs': 'export const handler = async () => 1;\n' }));
  });
  afterAll(() => cleanup());

  it('delete asks on the given stdin: "n" keeps the stack, "y" deletes it', async () => {
    const deployed = await runToolkit(['deploy', '--stack-name', 'asked'], { cwd: root });
    expect(deployed.exitCode, deployed.stderr).toBe(0);

    const declined = await runToolkit(['delete', '--stack-name', 'asked', '--keep-artifacts'], {
      cwd: root,
      tty: terminal,
      stdin: 'n\n',
    });
    expect(declined.exitCode, declined.stderr).toBe(0);
    expect(declined.stderr).toContain('Delete stack asked in region us-east-1? [y/N]: ');
    expect(declined.stdout).toBe('Stack asked was not deleted.\n');

    const accepted = await runToolkit(['delete', '--stack-name', 'asked', '--keep-artifacts'], {
      cwd: root,
      tty: terminal,
      stdin: 'y\n',
    });
    expect(accepted.exitCode, accepted.stderr).toBe(0);
    expect(accepted.stdout).toBe('Stack asked: DELETE_COMPLETE\n');
  });

  it('delete on a terminal without stdin refuses as it does without a terminal', async () => {
    const run = await runToolkit(['delete', '--stack-name', 'unasked'], { cwd: root, tty: terminal });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'error: Not deleting stack unasked: no terminal to confirm on; pass --no-prompts to delete without asking\n',
    );
  });

  it('deploy --confirm-changeset reads its answer from the given stdin', async () => {
    const run = await runToolkit(['deploy', '--stack-name', 'confirmed', '--confirm-changeset'], {
      cwd: root,
      tty: terminal,
      stdin: 'yes\n',
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain('Deploy this change set? [y/N]: ');
    expect(run.stdout).toMatch(/^Stack confirmed: CREATE_COMPLETE\n/);
  });

  it("help wraps to the environment's terminal width", async () => {
    const run = await runToolkit(['deploy', '--help'], { cwd: root, tty: { columns: 60 } });
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.some((line) => line.length > 50)).toBe(true);
    expect(lines.filter((line) => line.length > 60)).toEqual([]);
  });

  it('verify evaluates at the clock of the environment when --at is not given', async () => {
    const at = new Date('2031-05-06T07:08:09.000Z');
    const run = await runToolkit(['verify', 'plain.zip', '--trust', 'trust.json', '--policy', 'warn'], {
      cwd: root,
      clock: () => at,
    });
    expect(run.stdout).toMatch(/^verdict: \w+ \(policy warn, at 2031-05-06T07:08:09\.000Z\)$/m);
  });
});
