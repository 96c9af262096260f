import { parseArgs } from 'node:util';
import type { CloudKnobs } from './plugin.ts';
import { startCloud } from './start-cloud.ts';

/**
 * Runs the local cloud as a process: `serve-main.ts [--state-dir D (default: defaultStateDir of the cwd)] [--port P] [--region R]
 * [--account-id A] [--knobs JSON]` (or TOOLKIT_CLOUD_STATE_DIR, TOOLKIT_CLOUD_PORT,
 * TOOLKIT_CLOUD_KNOBS). Prints one JSON line `{"endpoint":…}` when listening; stops on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'state-dir': { type: 'string' },
      port: { type: 'string' },
      region: { type: 'string' },
      'account-id': { type: 'string' },
      knobs: { type: 'string' },
    },
  });
  const env = process.env;
  const knobsText = values.knobs ?? env.TOOLKIT_CLOUD_KNOBS;
  const portText = values.port ?? env.TOOLKIT_CLOUD_PORT;
  const cloud = await startCloud({
    stateDir: values['state-dir'] ?? env.TOOLKIT_CLOUD_STATE_DIR,
    port: portText ? Number(portText) : 0,
    region: values.region ?? env.TOOLKIT_CLOUD_REGION,
    accountId: values['account-id'] ?? env.TOOLKIT_CLOUD_ACCOUNT_ID,
    knobs: knobsText ? (JSON.parse(knobsText) as CloudKnobs) : {},
    onError: (error) =>
      process.stderr.write(`local cloud: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  });
  process.stdout.write(
    `${JSON.stringify({ endpoint: cloud.endpoint, region: cloud.region, accountId: cloud.accountId, stateDir: cloud.stateDir, pid: process.pid })}\n`,
  );
  const stop = () => {
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local cloud failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
