// The library API: every command's action, callable from release scripts.
export * from './actions/build-template.ts';
export { runCli } from './run-cli.ts';
export type { CliEnvironment } from './cli-environment.ts';
