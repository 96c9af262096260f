/** A writable text stream: process.stdout, or a buffer in tests. */
export interface TextSink {
  write(chunk: string): unknown;
}

/** Everything a command may take from its surroundings; injected so tests run the real CLI in-process. */
export interface CliEnvironment {
  stdout: TextSink;
  stderr: TextSink;
  /** Where prompts read their answers (process.stdin); without it nothing can answer, as without a terminal. */
  stdin?: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr is an interactive terminal (fancy progress only then, and never in CI). */
  isTTY: boolean;
  /** The terminal's width in characters, when known: tables are sized to it. */
  columns?: number;
  /** The current time; default the system clock. */
  clock?: () => Date;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM); only serving commands call it. */
  waitForStop?: () => Promise<void>;
}
