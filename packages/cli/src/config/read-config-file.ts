import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { UserInputError } from '@toolkit/core';

/** The parameters a config file gives one command, with where they came from. */
export interface ConfigFileParameters {
  file: string | undefined;
  /** snake_case keys as written (`s3_bucket`), global section first, command section over it. */
  values: Record<string, unknown>;
}

const defaultFiles = ['toolkit.toml', 'samconfig.toml'];

/**
 * Reads `[<env>.global.parameters]` and `[<env>.<command>.parameters]` from a
 * samconfig.toml-format file. An explicitly named file must exist; the default
 * ones are optional.
 */
export function readConfigFile(options: { cwd: string; file: string | undefined; env: string; command: string }): ConfigFileParameters {
  const file = options.file ? resolve(options.cwd, options.file) : defaultFiles.map((f) => resolve(options.cwd, f)).find((f) => existsSync(f));
  if (!file) return { file: undefined, values: {} };
  if (!existsSync(file)) throw new UserInputError('ConfigFileNotFound', `--config-file: ${file} does not exist`);

  let document: Record<string, unknown>;
  try {
    document = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const message = error.message.split('\n')[0] ?? error.message;
      throw new UserInputError('ConfigFileSyntax', `${file}:${error.line}:${error.column}: ${message}`, {
        position: { file, line: error.line, column: error.column },
      });
    }
    throw error;
  }

  const section = document[options.env];
  if (section === undefined) return { file, values: {} };
  if (!isTable(section)) throw new UserInputError('ConfigFileShape', `${file}: [${options.env}] must be a table`);
  const commandKey = options.command.replace(/ /g, '_');
  return { file, values: { ...parametersOf(section, 'global', file), ...parametersOf(section, commandKey, file) } };
}

function parametersOf(section: Record<string, unknown>, command: string, file: string): Record<string, unknown> {
  const table = section[command];
  if (table === undefined) return {};
  if (!isTable(table) || (table.parameters !== undefined && !isTable(table.parameters))) {
    throw new UserInputError('ConfigFileShape', `${file}: [${command}.parameters] must be a table`);
  }
  return (table.parameters as Record<string, unknown> | undefined) ?? {};
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
