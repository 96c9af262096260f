import { messages } from '@toolkit/core';
import { OptionError } from '@toolkit/toolkit/cli-support';
import { defineCommand } from '../command.ts';

export const localIdentityCreateCommand = defineCommand({
  words: ['local', 'identity', 'create'],
  describe: 'Create an identity of the local cloud with its own access key and an IAM policy',
  positionals: [{ name: 'name', describe: 'Identity name (an IAM user name)', type: 'string', required: true }],
  options: {
    policy: { type: 'string', describe: 'File with the identity policy (IAM JSON; required)' },
    'state-dir': {
      type: 'string',
      describe: "State folder of the local cloud (default: the project's, as for every command)",
    },
  },
  async handler(context) {
    const { createLocalIdentity } = await import('@toolkit/toolkit');
    const { options, environment, io, printResult } = context;
    if (options.policy === undefined)
      throw new OptionError(
        messages.MissingPolicy,
        'policyFile',
        (n) => `${n('policyFile')}: give the file that holds the identity's IAM policy`,
      );
    const result = await createLocalIdentity(
      {
        name: options.name,
        policyFile: options.policy,
        cwd: environment.cwd,
        env: environment.env,
        ...(options['state-dir'] === undefined ? {} : { stateDir: options['state-dir'] }),
      },
      io,
    );
    printResult(
      result,
      () => `${result.arn}\nAccess key: ${result.accessKeyId} (toolkit local credentials --identity ${result.name})\n`,
    );
    return 0;
  },
});
