import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { didYouMean, UserInputError, messages } from '@toolkit/core';
import { checkConfigKeys } from './check-config-keys.ts';

/** The parameters a config file gives one command, with where they came from. */
export interface ConfigFileParameters {
  file: string | undefined;
  /** snake_case keys as written (`s3_bucket`), global section first, command section over it. */
  values: Record<string, unknown>;
  /** Keys the toolkit ignores (another tool's), with where they are. */
  warnings: string[];
}

/** What to read: which file and environment, and the keys the command (and any command) takes. */
export interface ConfigFileRequest {
  cwd: string;
  file: string | undefined;
  env: string;
  /** Whether --config-env (or its variable) named the environment, which then must exist. */
  envExplicit: boolean;
  command: string;
  /** Config keys of this command's options (`stack_name`). */
  commandKeys: ReadonlySet<string>;
  /** Config keys of every command's options. */
  allKeys: ReadonlySet<string>;
}

const defaultFiles = ['toolkit.toml', 'samconfig.toml'];

/**
 * Reads `[<env>.global.parameters]` and `[<env>.<command>.parameters]` from a
 * samconfig.toml-format file. An explicitly named file must exist; the default
 * ones are optional.
 */
export function readConfigFile(options: ConfigFileRequest): ConfigFileParameters {
  const file = options.file
    ? resolve(options.cwd, options.file)
    : defaultFiles.map((f) => resolve(options.cwd, f)).find((f) => existsSync(f));
  if (!file) {
    if (options.envExplicit)
      throw new UserInputError(
        messages.ConfigEnvNotFound,
        `--config-env ${options.env}: there is no config file (${defaultFiles.join(' or ')}) in ${options.cwd}`,
      );
    return { file: undefined, values: {}, warnings: [] };
  }
  if (!existsSync(file)) throw new UserInputError(messages.ConfigFileNotFound, `--config-file: ${file} does not exist`);

  let document: Record<string, unknown>;
  const text = readFileSync(file, 'utf8');
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const message = error.message.split('\n')[0] ?? error.message;
      throw new UserInputError(messages.ConfigFileSyntax, `${file}:${error.line}:${error.column}: ${message}`, {
        position: { file, line: error.line, column: error.column },
      });
    }
    throw error;
  }

  const section = Object.hasOwn(document, options.env) ? document[options.env] : undefined;
  if (section === undefined) {
    if (!options.envExplicit) return { file, values: {}, warnings: [] };
    const envs = Object.keys(document).filter((k) => isTable(document[k]));
    throw new UserInputError(
      messages.ConfigEnvNotFound,
      `${file}: no [${options.env}] environment for --config-env${didYouMean(options.env, envs)}; the file has: ${envs.join(', ') || 'none'}`,
    );
  }
  if (!isTable(section))
    throw new UserInputError(messages.ConfigFileShape, `${file}: [${options.env}] must be a table`);
  const commandKey = options.command.replace(/ /g, '_');
  const global = parametersOf(section, 'global', file);
  const own = parametersOf(section, commandKey, file);
  const none = new Set<string>();
  const warnings = [
    ...checkConfigKeys(
      { file, text, table: `${options.env}.global.parameters` },
      Object.keys(global),
      options.allKeys,
      none,
    ),
    ...checkConfigKeys(
      { file, text, table: `${options.env}.${commandKey}.parameters` },
      Object.keys(own),
      options.commandKeys,
      options.allKeys,
    ),
  ];
  return { file, values: { ...global, ...own }, warnings };
}

function parametersOf(section: Record<string, unknown>, command: string, file: string): Record<string, unknown> {
  const table = Object.hasOwn(section, command) ? section[command] : undefined;
  if (table === undefined) return {};
  if (!isTable(table) || (table.parameters !== undefined && !isTable(table.parameters))) {
    throw new UserInputError(messages.ConfigFileShape, `${file}: [${command}.parameters] must be a table`);
  }
  return (table.parameters as Record<string, unknown> | undefined) ?? {};
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
