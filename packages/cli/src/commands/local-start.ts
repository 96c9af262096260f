import { fileURLToPath } from 'node:url';
import { readConsoleAssets } from '@toolkit/console';
import { defineCommand } from '../command.ts';
import { stateDirFromOptions } from './state-dir-option.ts';

export const localStartCommand = defineCommand({
  words: ['local', 'start'],
  describe: 'Serve the embedded local cloud (S3, Signer, Lambda, CloudFormation, STS) until Ctrl+C',
  options: {
    port: { type: 'number', describe: 'Port on 127.0.0.1 (0 picks a free one)', default: 4566 },
    'state-dir': { type: 'string', describe: 'State folder (default: $XDG_STATE_HOME/toolkit/<project id>)' },
    region: { type: 'string', describe: 'Region the cloud reports', default: 'us-east-1' },
    'account-id': { type: 'string', describe: 'Account id the cloud reports', default: '000000000000' },
    console: {
      type: 'boolean',
      describe: 'Serve the web console under /_console/ (its URL, with a per-start token, is printed)',
      default: true,
    },
    'signing-job-latency-ms': {
      type: 'number',
      describe: 'Test knob: how long each signing job stays InProgress',
      default: 0,
    },
    'signing-job-rate-limit': {
      type: 'number',
      describe: 'Test knob: StartSigningJob calls allowed per second (0 = unlimited)',
      default: 0,
    },
  },
  async handler(context) {
    const { options, environment, json } = context;
    const stateDir = await stateDirFromOptions(context);
    const latency = options['signing-job-latency-ms'];
    const rate = options['signing-job-rate-limit'];
    const { startCloud } = await import('@toolkit/cloud');
    const consoleFiles = options.console ? await builtConsole() : undefined;
    const cloud = await startCloud({
      stateDir,
      port: options.port,
      region: options.region,
      accountId: options['account-id'],
      knobs: {
        ...(latency > 0 ? { signingJobLatencyMs: latency } : {}),
        ...(rate > 0 ? { startSigningJobRateLimit: rate } : {}),
      },
      ...(consoleFiles ? { console: consoleFiles } : {}),
    });
    const variables = {
      AWS_ENDPOINT_URL: cloud.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: cloud.region,
      AWS_DEFAULT_REGION: cloud.region,
    };
    const document = {
      endpoint: cloud.endpoint,
      region: cloud.region,
      accountId: cloud.accountId,
      stateDir,
      ...(cloud.consoleUrl ? { console: cloud.consoleUrl } : {}),
      environment: variables,
    };
    // Written now, not when the command returns: callers need the endpoint while the cloud serves.
    environment.stdout.write(
      json
        ? `${JSON.stringify(document, null, 2)}\n`
        : [
            `Local cloud listening on ${cloud.endpoint} (account ${cloud.accountId}, ${cloud.region})`,
            `State: ${stateDir}`,
            ...(cloud.consoleUrl ? [`Console: ${cloud.consoleUrl}`] : []),
            'Use it from another shell:',
            ...Object.entries(variables).map(([k, v]) => `  export ${k}=${v}`),
            'Press Ctrl+C to stop.',
            '',
          ].join('\n'),
    );
    await (environment.waitForStop?.() ?? Promise.resolve());
    await cloud.close();
    environment.stderr.write('Local cloud stopped.\n');
    return 0;
  },
});

/**
 * The console's browser files, built beside the CLI's bundle (`dist/console`, see
 * bin/ensure-bundle.mjs); from the sources, the same folder of the package.
 */
async function builtConsole() {
  for (const relative of ['./console/', '../../dist/console/']) {
    const files = await readConsoleAssets(fileURLToPath(new URL(relative, import.meta.url)));
    if (files) return files;
  }
  return undefined;
}
