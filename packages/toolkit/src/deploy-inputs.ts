import type { Stack } from '@aws-sdk/client-cloudformation';
import { closestMatch, messages } from '@toolkit/core';
import { OptionError } from './option-error.ts';

/** CloudFormation's limit on an inline TemplateBody; larger templates go through S3. */
export const templateBodyLimit = 51_200;

/** The capabilities CloudFormation accepts. */
export const knownCapabilities = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

/**
 * Checks a deploy's own flags before anything is packaged or created: a bad value
 * here would otherwise surface only after a stack was left in REVIEW_IN_PROGRESS.
 */
export function checkDeployInputs(options: { stackName: string; capabilities?: readonly string[] | undefined }): void {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(options.stackName)) {
    throw new OptionError(
      messages.InvalidStackName,
      'stackName',
      (n) =>
        `${n('stackName')}: "${options.stackName}" must start with a letter and hold only letters, digits and hyphens (at most 128)`,
    );
  }
  for (const capability of options.capabilities ?? []) {
    if ((knownCapabilities as readonly string[]).includes(capability)) continue;
    const near = closestMatch(capability, knownCapabilities, 3);
    throw new OptionError(
      messages.InvalidCapability,
      'capabilities',
      (n) =>
        `${n('capabilities')}: ${capability} is not a capability${near ? ` (did you mean ${near}?)` : ''}; valid values: ${knownCapabilities.join(', ')}`,
    );
  }
}

/** Names of `overrides` the template does not declare as parameters: an error, as in sam deploy. */
export function checkParameterOverrides(
  overrides: Readonly<Record<string, string>>,
  declared: readonly string[],
): void {
  const unknown = Object.keys(overrides).filter((k) => !declared.includes(k));
  if (unknown.length)
    throw new OptionError(
      messages.UnknownParameter,
      'parameterOverrides',
      (n) => `${n('parameterOverrides')}: the template declares no parameter ${unknown.join(', ')}`,
    );
}

/** A stack whose creation rolled back cannot take a change set: say how to get past it. */
export function checkUpdatable(existing: Stack | undefined, stackName: string): void {
  if (existing?.StackStatus === 'ROLLBACK_COMPLETE') {
    throw new OptionError(
      messages.StackNotUpdatable,
      'stackName',
      (n) =>
        `Stack ${stackName} is in ROLLBACK_COMPLETE and cannot be updated; delete it first (delete with ${n('stackName')} ${stackName})`,
      // The value is fine; the stack it names cannot take a deploy: a failed operation (exit 1), as before.
      { source: 'toolkit' },
    );
  }
}
