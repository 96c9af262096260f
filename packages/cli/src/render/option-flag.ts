import { OptionError } from '@toolkit/toolkit/cli-support';

/** Library options whose flag is not their kebab-cased name. */
const flagNames: ReadonlyMap<string, string> = new Map([
  ['trustFile', 'trust'],
  ['policyFile', 'policy'],
  ['allowedProfileVersionArns', 'allowed-profile-version-arn'],
]);

/** The flag of a library option: `stackName` → `--stack-name`, `resolveS3` → `--resolve-s3`. */
export function flagOf(option: string): string {
  return `--${flagNames.get(option) ?? option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** An error's message as the CLI prints it: library options named by their flags. */
export function cliMessage(error: Error): string {
  return error instanceof OptionError ? error.messageFor(flagOf) : error.message;
}
