import { closestMatch, didYouMean, UserInputError, messages } from '@toolkit/core';
import type { CommandDefinition } from './command.ts';
import { commonOptions, type OptionGroup } from './options.ts';

/** A usage mistake found in argv: the error to report, and the command group whose help helps. */
export interface UsageProblem {
  error: UserInputError;
  /** Words of a command group (`['local']`) whose subcommands should be listed. */
  group?: readonly string[];
}

/** Flags yargs itself adds to every command. */
const builtInFlags = ['help', 'version'];

/**
 * Explains what is wrong with `argv` — an unknown command or option with a "did you mean", a
 * group named without a subcommand, a missing argument — or undefined when it finds nothing.
 * Read from argv and the command declarations, never from yargs's message text.
 */
export function diagnoseUsage(
  argv: readonly string[],
  commands: readonly CommandDefinition[],
): UsageProblem | undefined {
  const tokens = argv.filter((t) => !['--json', '--debug'].includes(t));
  const path: string[] = [];
  let matching = [...commands];
  let leaf: CommandDefinition | undefined;
  let index = 0;
  for (; index < tokens.length && !leaf; index++) {
    const word = tokens[index]!;
    if (word.startsWith('-')) break;
    const next = matching.filter((c) => c.words[path.length] === word);
    if (next.length === 0) {
      const choices = [...new Set(matching.map((c) => c.words[path.length]!))];
      const where = ['toolkit', ...path].join(' ');
      return {
        error: new UserInputError(
          messages.UnknownCommand,
          `Unknown command "${word}"${didYouMean(word, choices)}; ${where} has: ${choices.join(', ')}`,
        ),
      };
    }
    path.push(word);
    matching = next;
    leaf = next.find((c) => c.words.length === path.length);
  }
  if (path.length === 0 && index < tokens.length) return undefined;
  if (!leaf) {
    const choices = [...new Set(matching.map((c) => c.words[path.length]!))];
    return {
      error: new UserInputError(
        messages.MissingCommand,
        `${['toolkit', ...path].join(' ')} needs a command: ${choices.join(', ')}`,
      ),
      group: path,
    };
  }
  return diagnoseLeaf(leaf, tokens.slice(index), commands);
}

function diagnoseLeaf(
  command: CommandDefinition,
  rest: readonly string[],
  commands: readonly CommandDefinition[],
): UsageProblem | undefined {
  const options: OptionGroup = { ...command.options, ...commonOptions };
  const byName = new Map(Object.entries(options));
  for (const [, spec] of Object.entries(options)) if (spec.alias) byName.set(spec.alias, spec);
  const name = `toolkit ${command.words.join(' ')}`;
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (token === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || /^-\d/.test(token)) {
      positionals.push(token);
      continue;
    }
    const flag = token.replace(/^--?/, '').split('=')[0]!;
    const spec =
      byName.get(flag) ??
      (flag.startsWith('no-') && byName.get(flag.slice(3))?.type === 'boolean' ? byName.get(flag.slice(3)) : undefined);
    if (!spec) {
      if (builtInFlags.includes(flag)) continue;
      const hint = didYouMean(flag, [...Object.keys(options), ...builtInFlags], '--') || elsewhere(flag, commands);
      return {
        error: new UserInputError(
          messages.UnknownOption,
          `Unknown option ${token.split('=')[0]} for ${name}${hint}; see ${name} --help`,
        ),
      };
    }
    if (token.includes('=') || spec.type === 'boolean') continue;
    // A valued option takes the next word; a list option every word up to the next flag.
    if (spec.type === 'array') while (rest[i + 1] !== undefined && !rest[i + 1]!.startsWith('-')) i++;
    else i++;
  }
  const declared = command.positionals ?? [];
  const missing = declared.slice(positionals.length).find((p) => p.required);
  if (missing)
    return {
      error: new UserInputError(messages.MissingArgument, `${name} needs <${missing.name}> (${missing.describe})`),
    };
  if (positionals.length > declared.length) {
    const extra = positionals[declared.length]!;
    return {
      error: new UserInputError(
        messages.UnexpectedArgument,
        `${name} takes ${declared.length ? `only ${declared.map((p) => `<${p.name}>`).join(' ')}` : 'no arguments'}, not "${extra}"`,
      ),
    };
  }
  return undefined;
}

/** `" (did you mean --x? it is an option of toolkit deploy)"` when another command takes a flag close to `flag`. */
function elsewhere(flag: string, commands: readonly CommandDefinition[]): string {
  const owners = new Map<string, string[]>();
  for (const command of commands) {
    for (const option of Object.keys(command.options))
      owners.set(option, [...(owners.get(option) ?? []), `toolkit ${command.words.join(' ')}`]);
  }
  const match = closestMatch(flag, owners.keys());
  return match === undefined ? '' : ` (did you mean --${match}? it is an option of ${owners.get(match)!.join(', ')})`;
}
