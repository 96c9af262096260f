// The CLI as a function, for embedding and tests. The library actions are `@toolkit/toolkit`'s.
export { runCli } from './run-cli.ts';
export type { CliEnvironment, TextSink } from './cli-environment.ts';
