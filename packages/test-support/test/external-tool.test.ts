import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { toolProblem, underCi } from '../src/external-tool.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const vitestBin = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url));
// A test file that needs python3 with samtranslator; with PATH emptied, python3 cannot be found.
const parityTest = 'packages/sam-transform/test/sam-samtranslator-parity.test.ts';

/** Runs one test file in a child vitest with no tools on PATH; resolves with its exit code and output. */
function runWithoutTools(file: string, ci: string | undefined): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: '/nonexistent', NO_COLOR: '1' };
  if (ci !== undefined) env.CI = ci;
  return new Promise((resolve) => {
    execFile(process.execPath, [vitestBin, 'run', file], { cwd: repoRoot, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('tests that need an external tool', () => {
  // Both child runs at once: each is a whole vitest start-up.
  let underCiRun: Promise<{ code: number; output: string }>;
  let localRun: Promise<{ code: number; output: string }>;
  beforeAll(() => {
    underCiRun = runWithoutTools(parityTest, 'true');
    localRun = runWithoutTools(parityTest, undefined);
  });

  it('fail under CI=true when the tool is missing, naming it', { timeout: 60_000 }, async () => {
    const run = await underCiRun;
    expect(run.output).toContain('needs python3 with samtranslator');
    expect(run.output).toContain('python3 with samtranslator is required when CI is set');
    expect(run.code).not.toBe(0);
  });

  it('are skipped, and the run passes, outside CI when the tool is missing', { timeout: 60_000 }, async () => {
    const run = await localRun;
    expect(run.output).toMatch(/skipped/);
    expect(run.code).toBe(0);
  });

  it('probe the tool itself, and read CI as set unless empty, false or 0', () => {
    expect(toolProblem({ name: 'none', command: 'toolkit-no-such-program', probe: [] })).toMatch(/not runnable/);
    expect(toolProblem({ name: 'node', command: process.execPath, probe: ['--version'] })).toBeUndefined();
    expect(toolProblem({ name: 'failing', command: process.execPath, probe: ['-e', 'process.exit(3)'] })).toMatch(
      /failed/,
    );
    expect([
      underCi({ CI: 'true' }),
      underCi({ CI: '1' }),
      underCi({ CI: 'false' }),
      underCi({ CI: '0' }),
      underCi({ CI: '' }),
      underCi({}),
    ]).toEqual([true, true, false, false, false, false]);
  });
});
