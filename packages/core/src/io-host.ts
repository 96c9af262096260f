/** Message levels, most to least important. */
export type MessageLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * A registered message code: `TOOLKIT_`, the level's letter (Error, Warning, Info, Debug) and a
 * number whose first digit is the package (2 build, 3 signing, 4 toolkit, 5 cli, 6 cloud).
 * Every code is declared once in the message registry (`messages`).
 */
export type MessageCode = `TOOLKIT_${'E' | 'W' | 'I' | 'D'}${number}`;

/** A levelled, coded message from a library action, built by a registry entry's `.msg()`. Libraries never print. */
export interface IoMessage<T = unknown> {
  level: MessageLevel;
  code: MessageCode;
  message: string;
  data?: T;
}

/** Progress of one unit of work (an artifact's build/upload/sign step). */
export interface ProgressEvent {
  task: string;
  step: string;
  state: 'start' | 'done' | 'skip' | 'fail';
  detail?: string;
}

/** What library actions talk to; the CLI decides how to render it. */
export interface IoHost {
  notify(message: IoMessage): void;
  progress?(event: ProgressEvent): void;
}

/** An IoHost that drops everything: the default for library callers who want silence. */
export const silentIoHost: IoHost = { notify() {} };

/** An IoHost that records every message, for tests and scripts that inspect them afterwards. */
export function recordingIoHost(): IoHost & { messages: IoMessage[]; events: ProgressEvent[] } {
  const messages: IoMessage[] = [];
  const events: ProgressEvent[] = [];
  return {
    messages,
    events,
    notify: (m) => void messages.push(m),
    progress: (e) => void events.push(e),
  };
}
