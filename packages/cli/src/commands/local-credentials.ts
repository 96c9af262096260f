import { defineCommand } from '../command.ts';

export const localCredentialsCommand = defineCommand({
  words: ['local', 'credentials'],
  describe: "Print an identity's access key for the local cloud as environment variables, or write an AWS CLI profile",
  options: {
    identity: { type: 'string', describe: 'admin, developer, or an identity you created', default: 'admin' },
    'profile-name': { type: 'string', describe: 'Also write these credentials as this AWS CLI profile' },
    'state-dir': {
      type: 'string',
      describe: "State folder of the local cloud (default: the project's, as for every command)",
    },
  },
  async handler(context) {
    const { localCredentials } = await import('@toolkit/toolkit');
    const { options, environment, io, printResult } = context;
    const result = await localCredentials(
      {
        identity: options.identity,
        cwd: environment.cwd,
        env: environment.env,
        ...(options['profile-name'] === undefined ? {} : { profileName: options['profile-name'] }),
        ...(options['state-dir'] === undefined ? {} : { stateDir: options['state-dir'] }),
      },
      io,
    );
    printResult(result, () =>
      result.profile
        ? `Profile ${result.profile.name} (${result.arn}): aws --profile ${result.profile.name} …\n`
        : `${Object.entries(result.environment)
            .map(([name, value]) => `export ${name}=${value}`)
            .join('\n')}\n`,
    );
    return 0;
  },
});
