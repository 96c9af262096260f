import type { IoHost } from '@toolkit/core';
import type { CliEnvironment } from './cli-environment.ts';
import type { commonOptions, OptionGroup, OptionSpec } from './options.ts';

/** A positional argument of a command. */
export interface PositionalSpec {
  name: string;
  describe: string;
  type: 'string';
  required: boolean;
}

/** The value an option declaration yields: its type (narrowed to its choices), `undefined` when it has no default. */
type ValueOf<S extends OptionSpec> = S['type'] extends 'number'
  ? number
  : S['type'] extends 'boolean'
    ? boolean
    : S['type'] extends 'array'
      ? string[]
      : S extends { choices: readonly (infer C)[] }
        ? C
        : string;
type OptionValue<S extends OptionSpec> = S extends { default: unknown } ? ValueOf<S> : ValueOf<S> | undefined;

/** The merged values of a group of option declarations, keyed by flag name. */
export type OptionValues<G extends OptionGroup> = { readonly [K in keyof G]: OptionValue<G[K]> };

/** The values of positional declarations, keyed by name. */
export type PositionalValues<P extends readonly PositionalSpec[]> = {
  readonly [S in P[number] as S['name']]: S extends { required: true } ? string : string | undefined;
};

/** What a command handler gets: merged, frozen options and the environment to render into. */
export interface CommandContext<V = Readonly<Record<string, unknown>>> {
  /** Merged options (defaults < config file < env < flags), keyed by flag name, plus positionals. */
  options: V;
  /** Flags given on the command line (not defaults, files or env). */
  explicitFlags: ReadonlySet<string>;
  environment: CliEnvironment;
  /** The current time, from the environment's clock. */
  now(): Date;
  io: IoHost & { warnings: string[] };
  json: boolean;
  /** Writes the command's result to stdout: JSON with --json, else the human text. */
  printResult(json: unknown, human: () => string): void;
  /** Writes raw text to stdout (after progress has finished rendering). */
  printText(text: string): void;
}

/** The context of a handler of commands declaring options `O` and positionals `P` (common options included). */
export type ContextOf<O extends OptionGroup, P extends readonly PositionalSpec[] = []> = CommandContext<
  OptionValues<O & typeof commonOptions> & PositionalValues<P>
>;

/** A command declared once: words (`['local', 'start']`), options, and a handler returning an exit code. */
export interface CommandDefinition<V = Readonly<Record<string, unknown>>> {
  words: readonly string[];
  describe: string;
  positionals?: readonly PositionalSpec[];
  options: OptionGroup;
  handler(context: CommandContext<V>): Promise<number>;
}

/**
 * Declares a command whose handler sees option values typed from the declarations
 * (`type`, `choices`, `default`), so handlers need no casts.
 */
export function defineCommand<const O extends OptionGroup, const P extends readonly PositionalSpec[] = []>(definition: {
  words: readonly string[];
  describe: string;
  positionals?: P;
  options: O;
  handler(context: ContextOf<O, P>): Promise<number>;
}): CommandDefinition {
  return definition;
}
