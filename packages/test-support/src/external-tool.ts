import { spawnSync } from 'node:child_process';
import { it } from 'vitest';

/** A program some tests run, and how to tell it is usable here. */
export interface ExternalTool {
  /** What a reader calls it (`the AWS CLI`). */
  name: string;
  command: string;
  /** Arguments of a quick run that exits 0 when the tool works. */
  probe: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/** The programs tests rely on. */
export const tools = {
  /** The AWS CLI (`aws`). */
  awsCli: { name: 'the AWS CLI', command: 'aws', probe: ['--version'] },
  /** AWS's SAM translator, the Python package `samtranslator`. */
  samtranslator: {
    name: 'python3 with samtranslator',
    command: 'python3',
    probe: ['-c', 'import samtranslator'],
    env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' },
  },
  /** boto3 with s3transfer, as SAM CLI uses them. */
  boto3: { name: 'python3 with boto3', command: 'python3', probe: ['-c', 'import boto3, s3transfer'] },
  /** The CloudFormation linter. */
  cfnLint: { name: 'cfn-lint', command: 'cfn-lint', probe: ['--version'] },
  /** Info-ZIP `unzip`. */
  unzip: { name: 'Info-ZIP unzip', command: 'unzip', probe: ['-v'] },
  /** Debian's Chromium, which the console's browser tests drive through playwright-core. */
  chromium: { name: 'Debian chromium', command: 'chromium', probe: ['--version'] },
  /** curl, which the API route tests call routes with as a user would. */
  curl: { name: 'curl', command: 'curl', probe: ['--version'] },
  /** util-linux `script`, which gives a command a pseudo-terminal. */
  script: { name: 'util-linux script', command: 'script', probe: ['--version'] },
} as const satisfies Record<string, ExternalTool>;

const problems = new Map<ExternalTool, string | undefined>();

/** Why `tool` cannot run here, or undefined when it can (probed once per test file). */
export function toolProblem(tool: ExternalTool): string | undefined {
  if (!problems.has(tool)) {
    const run = spawnSync(tool.command, tool.probe, { encoding: 'utf8', env: tool.env ?? process.env });
    const problem = run.error
      ? `${tool.command} is not runnable (${run.error.message})`
      : run.status !== 0
        ? `\`${[tool.command, ...tool.probe].join(' ')}\` failed: ${(run.stderr || run.stdout).trim().split('\n').at(-1) ?? ''}`
        : undefined;
    problems.set(tool, problem);
  }
  return problems.get(tool);
}

/** Whether tests run under CI (`CI` set and not `false`/`0`), where nothing may be skipped for want of a tool. */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/**
 * For `describe.skipIf(missingTool(tool))` / `it.skipIf(...)`: true when the tool is
 * missing. Under CI a missing tool is an error, not a skip: a failing test naming the
 * tool is added where this is called, so the run cannot pass without the checks.
 */
export function missingTool(tool: ExternalTool): boolean {
  const problem = toolProblem(tool);
  if (problem === undefined) return false;
  if (underCi()) {
    it(`needs ${tool.name}`, () => {
      throw new Error(`${tool.name} is required when CI is set, and it is missing: ${problem}`);
    });
  }
  return true;
}
