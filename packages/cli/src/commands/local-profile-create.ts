import { defineCommand } from '../command.ts';
import { targetOptions } from '../options.ts';
import { targetFromOptions } from './target-from-options.ts';

export const localProfileCreateCommand = defineCommand({
  words: ['local', 'profile', 'create'],
  describe: 'Create an AWSLambda-SHA384-ECDSA signing profile (on the local cloud by default)',
  positionals: [{ name: 'name', describe: 'Profile name ([a-zA-Z0-9_]{2,64})', type: 'string', required: true }],
  options: {
    validity: { type: 'string', describe: 'Signature validity period, 1 day to 135 months', default: '135months' },
    ...targetOptions,
  },
  async handler(context) {
    const { createSigningProfile } = await import('@toolkit/toolkit');
    const { options, io, printResult } = context;
    const result = await createSigningProfile(
      { ...targetFromOptions(context), profileName: options.name, validity: options.validity },
      io,
    );
    printResult(result, () => `${result.profileVersionArn}\n`);
    return 0;
  },
});
