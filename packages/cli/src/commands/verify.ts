import { verifyPackage } from '../actions/verify-package.ts';
import { defineCommand } from '../command.ts';

export const verifyCommand = defineCommand({
  words: ['verify'],
  describe: 'Check a signed zip offline as Lambda would: integrity, signature, publisher, expiry, revocation',
  positionals: [{ name: 'zip', describe: 'The signed zip', type: 'string', required: true }],
  options: {
    trust: { type: 'string', describe: 'Trust file from `toolkit local trust export`' },
    'state-dir': { type: 'string', describe: 'Read trust from this local cloud state folder (when no --trust; default: the project\'s)' },
    'allowed-profile-version-arn': { type: 'array', describe: 'Allowed publisher (repeatable); default: every known profile version' },
    policy: { type: 'string', choices: ['warn', 'enforce'], describe: 'UntrustedArtifactOnDeployment policy', default: 'enforce' },
    at: { type: 'string', describe: 'Evaluate at this ISO-8601 time instead of now' },
  },
  async handler({ options, environment, printResult }) {
    const result = await verifyPackage({
      zipFile: options.zip as string,
      cwd: environment.cwd,
      ...(options.trust ? { trustFile: options.trust as string } : {}),
      ...(options['state-dir'] === undefined ? {} : { stateDir: options['state-dir'] as string }),
      env: environment.env,
      ...(options['allowed-profile-version-arn'] ? { allowedProfileVersionArns: options['allowed-profile-version-arn'] as string[] } : {}),
      policy: options.policy as 'warn' | 'enforce',
      ...(options.at ? { at: options.at as string } : {}),
    });
    printResult(
      { verdict: result.verdict, checks: result.checks, reasons: result.reasons, envelope: result.envelope },
      () =>
        [
          ...Object.entries(result.checks).map(([check, outcome]) => `${outcome === 'pass' ? '✓' : outcome === 'fail' ? '✗' : '-'} ${check.padEnd(10)} ${outcome}`),
          ...result.reasons.map((r) => `  ${r}`),
          `verdict: ${result.verdict} (policy ${result.policy}, at ${result.at})`,
          '',
        ].join('\n'),
    );
    return result.verdict === 'reject' ? 1 : 0;
  },
});
