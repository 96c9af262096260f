/** Message levels, most to least important. */
export type MessageLevel = 'error' | 'warn' | 'info' | 'debug';

/** A levelled, coded message from a library action. Libraries never print. */
export interface IoMessage {
  level: MessageLevel;
  code: string;
  message: string;
  data?: Record<string, unknown>;
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
