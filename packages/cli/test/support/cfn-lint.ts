import { execFile } from 'node:child_process';

/** One cfn-lint finding. */
export interface CfnLintMatch {
  rule: string;
  message: string;
  path: string[];
}

/** Runs `cfn-lint` on a template file as a child process and returns its findings, minus the ignored rules. */
export async function runCfnLint(
  file: string,
  options: { ignoreChecks?: readonly string[]; region?: string } = {},
): Promise<CfnLintMatch[]> {
  const args = ['--format', 'json', '--regions', options.region ?? 'us-east-1'];
  if (options.ignoreChecks?.length) args.push('--ignore-checks', ...options.ignoreChecks);
  args.push('--', file);
  const stdout = await new Promise<string>((resolve, reject) => {
    // cfn-lint's exit code is a bit mask of finding levels; the JSON on stdout is what counts.
    execFile(
      'cfn-lint',
      args,
      { env: { ...process.env, AWS_DEFAULT_REGION: options.region ?? 'us-east-1' } },
      (error, out, err) => {
        if (error && out.trim() === '') reject(new Error(`cfn-lint failed: ${err || error.message}`));
        else resolve(out);
      },
    );
  });
  const matches = JSON.parse(stdout.trim() || '[]') as {
    Rule: { Id: string };
    Message: string;
    Location?: { Path?: string[] };
  }[];
  return matches.map((m) => ({ rule: m.Rule.Id, message: m.Message, path: m.Location?.Path ?? [] }));
}
