import type { IoHost } from '@toolkit/core';
import type { CliEnvironment } from './cli-environment.ts';
import type { OptionGroup } from './options.ts';

/** A positional argument of a command. */
export interface PositionalSpec {
  name: string;
  describe: string;
  type: 'string';
  required: boolean;
}

/** What a command handler gets: merged, frozen options and the environment to render into. */
export interface CommandContext {
  /** Merged options (defaults < config file < env < flags), keyed by flag name, plus positionals. */
  options: Readonly<Record<string, unknown>>;
  /** Flags given on the command line (not defaults, files or env). */
  explicitFlags: ReadonlySet<string>;
  environment: CliEnvironment;
  io: IoHost & { warnings: string[] };
  json: boolean;
  /** Writes the command's result to stdout: JSON with --json, else the human text. */
  printResult(json: unknown, human: () => string): void;
  /** Writes raw text to stdout (after progress has finished rendering). */
  printText(text: string): void;
}

/** A command declared once: words (`['local', 'start']`), options, and a handler returning an exit code. */
export interface CommandDefinition {
  words: readonly string[];
  describe: string;
  positionals?: readonly PositionalSpec[];
  options: OptionGroup;
  handler(context: CommandContext): Promise<number>;
}

/** Declares a command with its types checked (the typed-helper pattern). */
export function defineCommand(definition: CommandDefinition): CommandDefinition {
  return definition;
}
