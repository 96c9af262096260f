import { parseValidityPeriod } from '@toolkit/toolkit/cli-support';
import { defineCommand } from '../command.ts';
import { targetOptions } from '../options.ts';
import { targetFromOptions } from './target-from-options.ts';

export const verifyCommand = defineCommand({
  words: ['verify'],
  describe: 'Check a signed zip offline as Lambda would: integrity, signature, publisher, expiry, revocation',
  positionals: [{ name: 'zip', describe: 'The signed zip', type: 'string', required: true }],
  options: {
    trust: { type: 'string', describe: 'Trust file from `toolkit local trust export`' },
    'max-trust-age': {
      type: 'string',
      describe: 'Warn when the --trust file was exported longer ago than this (revocations since are missing)',
      default: '1day',
    },
    'allowed-profile-version-arn': {
      type: 'array',
      describe:
        'Allowed publisher (repeatable), as in a code signing configuration; required under --policy enforce unless --allowed-profiles-from-csc is given',
    },
    'allowed-profiles-from-csc': {
      type: 'string',
      describe:
        "Allow the publishers of this code signing configuration ARN, read with Lambda's GetCodeSigningConfig from the target (--target, --endpoint-url, --region, --profile)",
    },
    policy: {
      type: 'string',
      choices: ['warn', 'enforce'],
      describe:
        'UntrustedArtifactOnDeployment policy; warn without allowed publishers trusts every profile version in the trust data and lists them',
      default: 'enforce',
    },
    at: { type: 'string', describe: 'Evaluate at this ISO-8601 time instead of now' },
    ...targetOptions,
    'state-dir': {
      type: 'string',
      describe: "Read trust from this local cloud state folder (when no --trust; default: the project's)",
    },
  },
  async handler(context) {
    const { verifyPackage } = await import('@toolkit/toolkit');
    const { options, environment, printResult, io } = context;
    const result = await verifyPackage(
      {
        zipFile: options.zip,
        cwd: environment.cwd,
        ...(options.trust ? { trustFile: options.trust } : {}),
        ...(options['state-dir'] === undefined ? {} : { stateDir: options['state-dir'] }),
        env: environment.env,
        ...(options['allowed-profile-version-arn']
          ? { allowedProfileVersionArns: [...options['allowed-profile-version-arn']] }
          : {}),
        ...(options['allowed-profiles-from-csc']
          ? { allowedProfilesFromCsc: options['allowed-profiles-from-csc'] }
          : {}),
        target: targetFromOptions(context),
        maxTrustAge: parseValidityPeriod(options['max-trust-age'], 'maxTrustAge'),
        policy: options.policy,
        at: options.at ?? context.now().toISOString(),
      },
      io,
    );
    printResult(
      {
        verdict: result.verdict,
        checks: result.checks,
        reasons: result.reasons,
        envelope: result.envelope,
        allowedPublishers: result.allowedPublishers,
      },
      () =>
        [
          ...Object.entries(result.checks).map(
            ([check, outcome]) =>
              `${outcome === 'pass' ? '✓' : outcome === 'fail' ? '✗' : '-'} ${check.padEnd(10)} ${outcome}`,
          ),
          ...result.reasons.map((r) => `  ${r}`),
          `verdict: ${result.verdict} (policy ${result.policy}, at ${result.at})`,
          '',
        ].join('\n'),
    );
    return result.verdict === 'reject' ? 1 : 0;
  },
});
