import { buildMessages } from './build-messages.ts';
import { cliMessages } from './cli-messages.ts';
import { cloudMessages } from './cloud-messages.ts';
import type { MessageSpec } from './message-spec.ts';
import { signingMessages } from './signing-messages.ts';
import { toolkitErrors } from './toolkit-errors.ts';
import { toolkitNotices } from './toolkit-notices.ts';

/**
 * The message registry: every notice and error code of the toolkit, declared once. Build a
 * notice with `messages.X.msg(text, data)`, throw an error with `new UserInputError(messages.X, text)`,
 * and recognise either with `messages.X.is(value)`. `docs/messages.md` is generated from it.
 */
export const messages = {
  ...buildMessages,
  ...signingMessages,
  ...toolkitErrors,
  ...toolkitNotices,
  ...cliMessages,
  ...cloudMessages,
} as const;

/** The name a message is registered under (`ArtifactPlan`, `MissingStackName`). */
export type MessageName = keyof typeof messages;

/** Every registered message with its name, in code order. */
export function registeredMessages(): { name: string; spec: MessageSpec<unknown> }[] {
  return Object.entries(messages)
    .map(([name, spec]) => ({ name, spec: spec as MessageSpec<unknown> }))
    .sort((a, b) => a.spec.code.slice(9).localeCompare(b.spec.code.slice(9)) || a.spec.code.localeCompare(b.spec.code));
}
