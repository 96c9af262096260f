import * as make from './message-spec.ts';

/** The messages of `@toolkit/cli`, the `toolkit` command (codes 5xxx). */
export const cliMessages = {
  Usage: make.error({ code: 'TOOLKIT_E5001', description: 'The command line cannot be parsed.' }),
  UnknownCommand: make.error({
    code: 'TOOLKIT_E5002',
    description: 'A command word is not a command (the nearest is suggested).',
  }),
  MissingCommand: make.error({ code: 'TOOLKIT_E5003', description: 'A command group is given without a command.' }),
  UnknownOption: make.error({
    code: 'TOOLKIT_E5004',
    description: 'A flag is not an option of the command (the nearest is suggested).',
  }),
  MissingArgument: make.error({ code: 'TOOLKIT_E5005', description: 'A required positional argument is missing.' }),
  UnexpectedArgument: make.error({
    code: 'TOOLKIT_E5006',
    description: 'More positional arguments are given than the command takes.',
  }),
  RepeatedOption: make.error({ code: 'TOOLKIT_E5007', description: 'A single-valued flag is given more than once.' }),
  MissingStackName: make.error({
    code: 'TOOLKIT_E5008',
    description: 'deploy or delete is run without a stack name (flag or config file).',
  }),
  InvalidKeyValue: make.error({
    code: 'TOOLKIT_E5009',
    description: 'A `Key=Value` list (parameter overrides, tags) holds a word without `=`.',
  }),
  InvalidConcurrency: make.error({
    code: 'TOOLKIT_E5010',
    description: 'The concurrency is not a whole number of 1 or more.',
  }),
  ConfigFileNotFound: make.error({ code: 'TOOLKIT_E5011', description: 'The config file named does not exist.' }),
  ConfigEnvNotFound: make.error({
    code: 'TOOLKIT_E5012',
    description: 'The config environment named is not in the config file (or there is no config file).',
  }),
  ConfigFileSyntax: make.error({ code: 'TOOLKIT_E5013', description: 'The config file is not valid TOML.' }),
  ConfigFileShape: make.error({
    code: 'TOOLKIT_E5014',
    description: 'A config file section that must be a table is not one.',
  }),
  UnknownConfigKey: make.error({
    code: 'TOOLKIT_E5015',
    description: 'A config file key is close to an option of the command but is none (a likely typo).',
  }),
  InvalidConfigValue: make.error({
    code: 'TOOLKIT_E5016',
    description: 'A config file or environment value has the wrong type or is not one of the choices.',
  }),
  ConfirmationRequired: make.error({
    code: 'TOOLKIT_E5017',
    description: 'delete would ask for confirmation but there is no terminal to ask on.',
  }),
  ConfigKeyIgnored: make.warn({
    code: 'TOOLKIT_W5018',
    description: 'A config file key is not an option of this command and is ignored.',
  }),
  NoTerminal: make.warn({
    code: 'TOOLKIT_W5019',
    description: 'deploy was to confirm the change set but there is no terminal to ask on: it is not executed.',
  }),
  ArtifactToDelete: make.info({
    code: 'TOOLKIT_I5020',
    description: 'An artifact object delete will remove, listed before it asks for confirmation.',
  }),
  EventStdinMissing: make.error({
    code: 'TOOLKIT_E5021',
    description: '`--event=-` is given but there is no standard input to read.',
  }),
  EventFileUnreadable: make.error({ code: 'TOOLKIT_E5022', description: 'The `--event` file cannot be read.' }),
  UseContainerUnsupported: make.error({
    code: 'TOOLKIT_E5023',
    description: '`--use-container` is asked for: builds run on this machine, there is no container build.',
  }),
  MissingPolicy: make.error({
    code: 'TOOLKIT_E5024',
    description: '`toolkit local identity create` is run without `--policy FILE`.',
  }),
} as const;
