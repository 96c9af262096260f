import yargs, { type Argv } from 'yargs';
import { UserInputError, messages } from '@toolkit/core';
import type { CliEnvironment } from './cli-environment.ts';
import type { CommandDefinition } from './command.ts';
import { commands } from './commands/index.ts';
import { readConfigFile } from './config/read-config-file.ts';
import { configKeysOf, resolveOptions } from './config/resolve-options.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';
import { commonOptions, type OptionGroup } from './options.ts';
import { createCliIoHost } from './render/cli-io-host.ts';
import { renderError, renderJsonError } from './render/render-error.ts';
import { diagnoseUsage, type UsageProblem } from './usage-diagnosis.ts';
import cliPackage from '../package.json' with { type: 'json' };

/** Runs the toolkit CLI with `argv` and returns the exit code; never exits the process itself. */
export async function runCli(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const debug = argv.includes('--debug');
  // Known before parsing, so that even a usage error answers scripts in JSON.
  const json = argv.includes('--json');
  let selected: { command: CommandDefinition; args: Record<string, unknown> } | undefined;
  try {
    const output = await parseArgv(argv, helpWidth(environment), (command, args) => (selected = { command, args }));
    if (!selected) {
      environment.stdout.write(withNewline(output));
      return ExitCode.ok;
    }
    return await runCommand(selected.command, selected.args, environment);
  } catch (error) {
    const exitCode = exitCodeFor(error);
    if (json) environment.stdout.write(renderJsonError(error, exitCode));
    environment.stderr.write(renderError(error, debug));
    const group = error instanceof UsageError ? error.group : undefined;
    if (group && !json)
      environment.stderr.write(
        `\n${withNewline(await parseArgv([...group, '--help'], helpWidth(environment), () => {}))}`,
      );
    return exitCode;
  }
}

/** A usage error found by `diagnoseUsage`, with the command group whose subcommands to list. */
class UsageError extends UserInputError {
  readonly group: readonly string[] | undefined;
  constructor(problem: UsageProblem) {
    super(problem.error, problem.error.message);
    this.group = problem.group;
  }
}

/** Parses argv with yargs; resolves to its text output (help, version), rejects with a usage error. */
function parseArgv(
  argv: readonly string[],
  width: number,
  select: (command: CommandDefinition, args: Record<string, unknown>) => void,
): Promise<string> {
  const parser = buildParser(argv, width, select);
  return new Promise<string>((resolveParse, rejectParse) => {
    void parser.parse(argv as string[], {}, (error: Error | undefined, _args: unknown, text: string) => {
      if (!error) return resolveParse(text);
      // Our own reading of argv says what was meant; yargs's message is the fallback.
      const problem = diagnoseUsage(argv, commands);
      rejectParse(problem ? new UsageError(problem) : new UserInputError(messages.Usage, error.message));
    });
  });
}

function withNewline(text: string): string {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}

/** Help wraps to the terminal the environment reports, at most 110 columns. */
function helpWidth(environment: CliEnvironment): number {
  return Math.min(110, environment.columns ?? 100);
}

function buildParser(
  argv: readonly string[],
  width: number,
  select: (command: CommandDefinition, args: Record<string, unknown>) => void,
): Argv {
  const parser = yargs(argv as string[])
    .scriptName('toolkit')
    .usage('toolkit <command> [options]\n\nPackage, sign and deploy AWS Lambda functions — locally or to AWS.')
    .strict()
    .parserConfiguration({ 'camel-case-expansion': false })
    .exitProcess(false)
    .demandCommand(1, 'Name a command; see toolkit --help.')
    .recommendCommands()
    .wrap(width)
    .version(cliPackage.version)
    .help();
  addCommands(parser, commands, 0, select);
  return parser;
}

function addCommands(
  parser: Argv,
  defs: readonly CommandDefinition[],
  depth: number,
  select: (c: CommandDefinition, a: Record<string, unknown>) => void,
): void {
  const byWord = new Map<string, CommandDefinition[]>();
  for (const def of defs) {
    const word = def.words[depth];
    if (word) byWord.set(word, [...(byWord.get(word) ?? []), def]);
  }
  for (const [word, group] of byWord) {
    const leaf = group.find((d) => d.words.length === depth + 1);
    if (leaf) {
      const positionals = (leaf.positionals ?? []).map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)).join(' ');
      parser.command(
        `${word}${positionals ? ` ${positionals}` : ''}`,
        leaf.describe,
        (y) => declareOptions(y, leaf),
        (args) => select(leaf, args as Record<string, unknown>),
      );
    } else {
      parser.command(`${word} <command>`, describeGroup(word), (y) => {
        addCommands(y, group, depth + 1, select);
        return y.demandCommand(1, `Name a ${word} command; see toolkit ${word} --help.`);
      });
    }
  }
}

const groupDescriptions: Readonly<Record<string, string>> = {
  local: 'Run and administer the embedded local cloud',
  profile: 'Signer signing profiles: create one (on the local cloud by default, or on any target)',
  trust: "Export the local cloud's signing trust (public keys, revocations) for offline toolkit verify",
};

function describeGroup(word: string): string {
  return Object.hasOwn(groupDescriptions, word) ? groupDescriptions[word]! : `${word} commands`;
}

function declareOptions(y: Argv, command: CommandDefinition): Argv {
  for (const p of command.positionals ?? []) y.positional(p.name, { describe: p.describe, type: p.type });
  const all: OptionGroup = { ...command.options, ...commonOptions };
  for (const [name, spec] of Object.entries(all)) {
    // Defaults are applied in resolveOptions, so yargs only reports what was typed.
    const shown = spec.default === undefined ? '' : ` [default: ${JSON.stringify(spec.default)}]`;
    y.option(name, {
      type: spec.type,
      describe: `${spec.describe}${shown}`,
      ...(spec.choices ? { choices: spec.choices as string[] } : {}),
      ...(spec.alias ? { alias: spec.alias } : {}),
      ...(spec.type === 'array' ? { string: true } : {}),
    });
  }
  return y;
}

async function runCommand(
  command: CommandDefinition,
  args: Record<string, unknown>,
  environment: CliEnvironment,
): Promise<number> {
  const all: OptionGroup = { ...command.options, ...commonOptions };
  const flags: Record<string, unknown> = {};
  for (const name of Object.keys(all)) if (args[name] !== undefined) flags[name] = args[name];
  // yargs collects a repeated single-valued flag into an array; say so instead of failing deep inside.
  const repeated = Object.keys(flags).find((name) => all[name]!.type !== 'array' && Array.isArray(flags[name]));
  if (repeated) throw new UserInputError(messages.RepeatedOption, `--${repeated}: given more than once`);
  const file = readConfigFile({
    cwd: environment.cwd,
    file: flags['config-file'] as string | undefined,
    env: (flags['config-env'] as string | undefined) ?? 'default',
    envExplicit: flags['config-env'] !== undefined,
    command: command.words.join(' '),
    commandKeys: configKeysOf(all),
    allKeys: new Set(commands.flatMap((c) => [...configKeysOf(c.options)])),
  });
  const { values } = resolveOptions(all, flags, file, environment.env);
  const positionals: Record<string, unknown> = {};
  for (const p of command.positionals ?? []) positionals[p.name] = args[p.name];
  const json = values.json === true;
  const io = createCliIoHost({
    stderr: environment.stderr,
    json,
    debug: values.debug === true,
    // NO_COLOR (https://no-color.org): present and not empty turns colour off, as does --no-color.
    color: environment.isTTY && !environment.env.NO_COLOR && values.color !== false,
    columns: environment.isTTY ? environment.columns : undefined,
    // listr2 is loaded only where it renders: scripts and CI never pay for it.
    tty:
      environment.isTTY && !json && !environment.env.CI
        ? new (await import('./render/tty-progress.ts')).TtyProgress()
        : undefined,
  });
  for (const warning of file.warnings) io.notify(messages.ConfigKeyIgnored.msg(warning));
  let pending = '';
  let finished = false;
  try {
    const exitCode = await command.handler({
      options: Object.freeze({ ...values, ...positionals }),
      explicitFlags: new Set(Object.keys(flags)),
      environment,
      now: environment.clock ?? (() => new Date()),
      io,
      json,
      printResult(document, human) {
        pending += json ? `${JSON.stringify(document, null, 2)}\n` : human();
      },
      printText(text) {
        pending += text;
      },
    });
    finished = true;
    return exitCode;
  } finally {
    // Progress rows finish rendering before results appear below them.
    await io.close();
    // With --json a failure's error document is the only thing on stdout.
    if (pending && (finished || !json)) environment.stdout.write(pending);
  }
}
