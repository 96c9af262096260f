// The library API: every command's action, callable from release scripts.
export * from './actions/build-template.ts';
export { runCli } from './run-cli.ts';
export type { CliEnvironment } from './cli-environment.ts';
export * from './actions/aws-session.ts';
export * from './actions/create-signing-profile.ts';
export { parseValidityPeriod, type ValidityPeriod } from './actions/signature-validity.ts';
export * from './actions/package-template.ts';
export type { PackagePlanEntry } from './actions/package-plan.ts';
export * from './actions/verify-package.ts';
export * from './actions/deploy-stack.ts';
export * from './actions/deploy-dry-run.ts';
export * from './actions/delete-stack.ts';
export type { ChangeSummary } from './actions/change-set.ts';
export type { DeployEvent } from './actions/stack-events.ts';
export type { StackArtifact } from './actions/stack-artifacts.ts';
