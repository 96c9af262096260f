import { DEFAULT_SIGNING_CONCURRENCY } from '@toolkit/signing/limits';

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
  /** A config-file key that holds the negation of this option (SAM's `no_execute_changeset`). */
  negatedConfigKey?: string;
}

export type OptionGroup = Record<string, OptionSpec>;

/** Options every command takes. */
export const commonOptions = {
  json: {
    type: 'boolean',
    describe: 'Print one JSON document on stdout and nothing else',
    default: false,
    noConfig: true,
  },
  debug: { type: 'boolean', describe: 'Show stack traces and debug messages', default: false, noConfig: true },
  'config-file': {
    type: 'string',
    describe: 'Config file (samconfig.toml format); default toolkit.toml, then samconfig.toml',
    noConfig: true,
  },
  'config-env': {
    type: 'string',
    describe: 'Environment section of the config file',
    default: 'default',
    noConfig: true,
  },
  color: {
    type: 'boolean',
    describe: 'Colour statuses on a terminal (--no-color or NO_COLOR turns it off)',
    default: true,
    noConfig: true,
  },
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
  region: {
    type: 'string',
    describe: 'AWS region (implies --target aws unless --target is given)',
    env: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  },
  profile: {
    type: 'string',
    describe: 'AWS named profile (implies --target aws unless --target is given)',
    env: ['AWS_PROFILE'],
  },
  'state-dir': {
    type: 'string',
    describe:
      'State folder of the embedded local cloud (default: $XDG_STATE_HOME/toolkit/<project id>, ~/.local/state/toolkit/<project id> without it)',
  },
} as const satisfies OptionGroup;

/** Options of packaging: where artifacts go and how they are signed. */
export const packageOptions = {
  'output-template-file': { type: 'string', describe: 'Write the packaged template here (default: print it)' },
  's3-bucket': { type: 'string', describe: 'Versioned bucket for artifacts' },
  's3-prefix': { type: 'string', describe: 'Key prefix for artifacts' },
  'resolve-s3': {
    type: 'boolean',
    describe: 'Create or reuse a managed versioned bucket (implied on the local target)',
  },
  'signing-profiles': {
    type: 'array',
    describe: 'Fn=Profile[:Owner] ... (ids may be path-qualified: Child/Fn=Profile)',
  },
  'force-upload': { type: 'boolean', describe: 'Upload artifacts even when already present', default: false },
  'kms-key-id': { type: 'string', describe: 'KMS key for SSE-KMS encryption of artifacts' },
  concurrency: { type: 'number', describe: 'Signing jobs in flight at once', default: DEFAULT_SIGNING_CONCURRENCY },
  'min-signature-validity': {
    type: 'string',
    describe:
      'Reuse a cached signature only if it stays valid this long (days, or calendar months/years as Signer counts them)',
    default: '30days',
  },
  'dry-run': { type: 'boolean', describe: 'Print the plan; build, upload, sign and write nothing', default: false },
} as const satisfies OptionGroup;

/** Options of deploying a stack. */
export const deployOptions = {
  'stack-name': { type: 'string', describe: 'Stack to create or update' },
  'parameter-overrides': {
    type: 'array',
    describe: 'Template parameters: Key=Value ... (or ParameterKey=K,ParameterValue=V)',
  },
  capabilities: { type: 'array', describe: 'CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND' },
  tags: { type: 'array', describe: 'Stack tags: Key=Value ...' },
  'execute-changeset': {
    type: 'boolean',
    describe: 'Execute the change set; --no-execute-changeset creates and shows it only',
    default: true,
    negatedConfigKey: 'no_execute_changeset',
  },
  'confirm-changeset': {
    type: 'boolean',
    describe: 'Ask before executing (needs a terminal; never prompts without one)',
    default: false,
  },
  'fail-on-empty-changeset': {
    type: 'boolean',
    describe: 'Exit non-zero when there is nothing to deploy',
    default: true,
  },
  'disable-rollback': {
    type: 'boolean',
    describe: 'Keep the resources of a failed deploy for inspection',
    default: false,
  },
} as const satisfies OptionGroup;
