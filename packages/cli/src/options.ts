/** How one option is declared: once, then reused by every command that takes it. */
export interface OptionSpec {
  type: 'string' | 'number' | 'boolean' | 'array';
  describe: string;
  default?: string | number | boolean | string[];
  choices?: readonly string[];
  alias?: string;
  /** Read from `TOOLKIT_<NAME>` and these extra environment variables, in order. */
  env?: readonly string[];
  /** Not read from config files (e.g. --config-file itself). */
  noConfig?: boolean;
}

export type OptionGroup = Record<string, OptionSpec>;

/** Options every command takes. */
export const commonOptions = {
  json: { type: 'boolean', describe: 'Print one JSON document on stdout and nothing else', default: false, noConfig: true },
  debug: { type: 'boolean', describe: 'Show stack traces and debug messages', default: false, noConfig: true },
  'config-file': { type: 'string', describe: 'Config file (samconfig.toml format); default toolkit.toml, then samconfig.toml', noConfig: true },
  'config-env': { type: 'string', describe: 'Environment section of the config file', default: 'default', noConfig: true },
} as const satisfies OptionGroup;

/** Where the template is and where builds go. */
export const templateOptions = {
  'template-file': { type: 'string', alias: 't', describe: 'Template file (YAML or JSON)', default: 'template.yaml' },
  'build-dir': { type: 'string', describe: 'Build cache folder for zips', default: '.toolkit/build' },
} as const satisfies OptionGroup;

/** Where AWS calls go: the embedded local cloud (default) or AWS. */
export const targetOptions = {
  target: { type: 'string', describe: 'Deploy target', choices: ['local', 'aws'], default: 'local' },
  'endpoint-url': { type: 'string', describe: 'Send every AWS call to this endpoint (any AWS-compatible one)' },
  region: { type: 'string', describe: 'AWS region (implies --target aws unless --target is given)', env: ['AWS_REGION', 'AWS_DEFAULT_REGION'] },
  profile: { type: 'string', describe: 'AWS named profile (implies --target aws unless --target is given)', env: ['AWS_PROFILE'] },
  'state-dir': { type: 'string', describe: 'State folder of the embedded local cloud', default: '.toolkit/cloud' },
} as const satisfies OptionGroup;
