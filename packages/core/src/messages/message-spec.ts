import type { IoMessage, MessageCode, MessageLevel } from '../io-host.ts';

/** What a payload-less message carries: nothing. */
type NoPayload = void;

/** The documentation of a payload: one line per field, checked against the payload type by the compiler. */
export type PayloadFields<T> = { readonly [K in keyof T]-?: string };

/** What each message declares: its stable code, what it means and, with a payload, what each field holds. */
export type MessageDetails<T> = { readonly code: MessageCode; readonly description: string } & ([T] extends [NoPayload]
  ? { readonly fields?: never }
  : { readonly fields: PayloadFields<T> });

/** One registered message: its declaration, a builder for notices and a guard that narrows one. */
export interface MessageSpec<T = NoPayload> {
  readonly code: MessageCode;
  readonly level: MessageLevel;
  readonly description: string;
  /** The payload's fields and what each holds; empty without a payload. */
  readonly fields: Readonly<Record<string, string>>;
  /** A notice of this message, ready for `io.notify`. */
  msg: [T] extends [NoPayload] ? (message: string) => IoMessage<undefined> : (message: string, data: T) => IoMessage<T>;
  /** True when `x` (a notice or an error) carries this message's code; narrows a notice to this payload. */
  is(x: { readonly code: string }): x is IoMessage<T>;
}

/** A message at level `error`: what the error classes take, so every coded error is a registered one. */
export type ErrorSpec = MessageSpec<unknown> & { readonly level: 'error' };

// The letter after TOOLKIT_ says the level, so a code read on its own says how serious it is.
const levelLetter: Record<MessageLevel, string> = { error: 'E', warn: 'W', info: 'I', debug: 'D' };

function message<T>(level: MessageLevel, details: MessageDetails<T>): MessageSpec<T> {
  if (details.code[8] !== levelLetter[level])
    throw new Error(
      `message ${details.code} is declared at level ${level}; its code must read TOOLKIT_${levelLetter[level]}…`,
    );
  const msg = (text: string, data?: T): IoMessage<T | undefined> =>
    data === undefined
      ? { level, code: details.code, message: text }
      : { level, code: details.code, message: text, data };
  return {
    code: details.code,
    level,
    description: details.description,
    fields: details.fields ?? {},
    msg: msg as MessageSpec<T>['msg'],
    is: (x): x is IoMessage<T> => x.code === details.code,
  };
}

/** Declares an error: thrown as a `ToolkitError` subclass, or notified when the run goes on. */
export const error = <T = NoPayload>(details: MessageDetails<T>) =>
  message<T>('error', details) as MessageSpec<T> & { readonly level: 'error' };
/** Declares a warning: something the user should act on, shown even with `--json` (on stderr). */
export const warn = <T = NoPayload>(details: MessageDetails<T>) => message<T>('warn', details);
/** Declares an informational notice: progress and outcomes, hidden with `--json`. */
export const info = <T = NoPayload>(details: MessageDetails<T>) => message<T>('info', details);
/** Declares a debug notice: shown only with `--debug`. */
export const debug = <T = NoPayload>(details: MessageDetails<T>) => message<T>('debug', details);
