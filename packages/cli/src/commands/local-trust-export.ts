import { resolve } from 'node:path';
import { writeFileAtomic } from '@toolkit/core';
import { defineCommand } from '../command.ts';
import { stateDirFromOptions } from './state-dir-option.ts';

export const localTrustExportCommand = defineCommand({
  words: ['local', 'trust', 'export'],
  describe: 'Write the public keys and revocations of every signing profile version (for offline `toolkit verify`)',
  options: {
    out: { type: 'string', describe: 'Write the trust file here (default: stdout)' },
    'state-dir': {
      type: 'string',
      describe: "State folder of the local cloud (default: the project's, as for every command)",
    },
  },
  async handler(context) {
    const { options, environment, printText } = context;
    const { exportTrust } = await import('@toolkit/cloud');
    const trust = exportTrust(await stateDirFromOptions(context));
    const text = `${JSON.stringify(trust, null, 2)}\n`;
    if (!options.out) {
      printText(text);
      return 0;
    }
    const out = resolve(environment.cwd, options.out);
    await writeFileAtomic(out, text);
    environment.stderr.write(`Wrote ${trust.profileVersions.length} profile version(s) to ${out}\n`);
    return 0;
  },
});
