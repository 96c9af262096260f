import { UserInputError, messages } from '@toolkit/core';
import type { OptionGroup, OptionSpec } from '../options.ts';
import type { ConfigFileParameters } from './read-config-file.ts';

/** Where each resolved value came from, for error messages and `--debug`. */
export type ValueSource = 'default' | 'file' | 'env' | 'flag';

/**
 * Merges one command's options in the one place they are merged:
 * defaults < config file < environment < flags. The result is frozen.
 */
export function resolveOptions(
  options: OptionGroup,
  flags: Record<string, unknown>,
  file: ConfigFileParameters,
  env: NodeJS.ProcessEnv,
): { values: Readonly<Record<string, unknown>>; sources: Readonly<Record<string, ValueSource>> } {
  const values: Record<string, unknown> = {};
  const sources: Record<string, ValueSource> = {};
  for (const [name, spec] of Object.entries(options)) {
    const set = (value: unknown, source: ValueSource) => {
      if (value === undefined) return;
      values[name] = value;
      sources[name] = source;
    };
    set(spec.default, 'default');
    if (!spec.noConfig) {
      const key = configKey(name);
      if (key in file.values) set(coerce(spec, file.values[key], `${file.file}: ${key}`), 'file');
      const negated = spec.negatedConfigKey;
      if (negated && negated in file.values)
        set(!coerce(spec, file.values[negated], `${file.file}: ${negated}`), 'file');
    }
    for (const variable of envNames(name, spec)) {
      const raw = env[variable];
      if (raw !== undefined && raw !== '') {
        set(coerce(spec, raw, `environment variable ${variable}`), 'env');
        break;
      }
    }
    set(flags[name], 'flag');
  }
  return { values: Object.freeze(values), sources: Object.freeze(sources) };
}

/** The samconfig.toml key of an option: `stack-name` → `stack_name`. */
function configKey(name: string): string {
  return name.replace(/-/g, '_');
}

/** Every config-file key the options take, negated forms (`no_execute_changeset`) included. */
export function configKeysOf(options: OptionGroup): Set<string> {
  const keys = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.noConfig) continue;
    keys.add(configKey(name));
    if (spec.negatedConfigKey) keys.add(spec.negatedConfigKey);
  }
  return keys;
}

function envNames(name: string, spec: OptionSpec): string[] {
  return [`TOOLKIT_${name.replace(/-/g, '_').toUpperCase()}`, ...(spec.env ?? [])];
}

function coerce(spec: OptionSpec, value: unknown, where: string): unknown {
  const bad = (expected: string) =>
    new UserInputError(messages.InvalidConfigValue, `${where}: expected ${expected}, got ${JSON.stringify(value)}`);
  let result: unknown = value;
  switch (spec.type) {
    case 'string':
      if (typeof value === 'number') result = String(value);
      else if (typeof value !== 'string') throw bad('a string');
      break;
    case 'number':
      result = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof result !== 'number' || !Number.isFinite(result)) throw bad('a number');
      break;
    case 'boolean':
      if (value === 'true' || value === '1') result = true;
      else if (value === 'false' || value === '0') result = false;
      else if (typeof value !== 'boolean') throw bad('true or false');
      break;
    case 'array':
      if (typeof value === 'string') result = splitWords(value);
      else if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw bad('a list of strings');
      break;
  }
  if (spec.choices && typeof result === 'string' && !spec.choices.includes(result)) {
    throw new UserInputError(
      messages.InvalidConfigValue,
      `${where}: ${JSON.stringify(result)} is not one of ${spec.choices.join(', ')}`,
    );
  }
  return result;
}

/** Splits `a=1 "b=two words" c` the way SAM CLI reads list values in samconfig.toml. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /(?:[^\s"']+|"(?:\\.|[^"\\])*"|'[^']*')+/g;
  for (const match of text.matchAll(pattern)) words.push(match[0]);
  return words;
}
