import { ToolkitError, type ErrorKind, type ErrorSource, type SourcePosition } from '@toolkit/core';

/** How options are named in a message: the library uses the option's property (`stackName`); the CLI its flag (`--stack-name`). */
export type OptionNamer = (option: string) => string;

/** The library's own naming: the property of the action's options. */
export const propertyName: OptionNamer = (option) => option;

/**
 * A bad value of an action's option. It names the option neutrally (`option: 'stackName'`),
 * and its message is written against a namer, so each front end names options its own way.
 * It is the user's to fix (exit 2) unless `source: 'toolkit'` says the operation failed
 * for a reason the option's value led to (a stack that cannot be updated).
 */
export class OptionError extends ToolkitError {
  /** The option at fault: the property of the action's options (`stackName`, `signingProfiles`). */
  readonly option: string;
  readonly #describe: (name: OptionNamer) => string;

  constructor(
    kind: ErrorKind,
    option: string,
    describe: (name: OptionNamer) => string,
    options: { position?: SourcePosition; cause?: unknown; source?: ErrorSource } = {},
  ) {
    super(kind, describe(propertyName), { source: 'user', ...options });
    this.name = 'OptionError';
    this.option = option;
    this.#describe = describe;
  }

  /** The message with every option named by `name` (the CLI passes its flag names). */
  messageFor(name: OptionNamer): string {
    return this.#describe(name);
  }
}
