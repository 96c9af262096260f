import { messages } from '@toolkit/core';
import { GetCodeSigningConfigCommand } from '@aws-sdk/client-lambda';
import { openAwsSession, type TargetOptions } from './aws-session.ts';
import { OptionError } from './option-error.ts';

/** The allowed publishers (profile version ARNs) of a code signing configuration, as Lambda on the target has them now. */
export async function allowedPublishersOfCsc(cscArn: string, target: TargetOptions): Promise<string[]> {
  if (!/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:code-signing-config:csc-[a-z0-9]{17}$/.test(cscArn)) {
    throw new OptionError(
      messages.InvalidCodeSigningConfigArn,
      'allowedProfilesFromCsc',
      (n) =>
        `${n('allowedProfilesFromCsc')}: "${cscArn}" is not a code signing configuration ARN (arn:aws:lambda:<region>:<account>:code-signing-config:csc-…)`,
    );
  }
  const session = await openAwsSession(target);
  try {
    const { lambda } = await session.deployClients();
    const out = await lambda
      .send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn }))
      .catch((error: unknown) => {
        if ((error as { name?: string }).name === 'ResourceNotFoundException') {
          throw new OptionError(
            messages.CodeSigningConfigNotFound,
            'allowedProfilesFromCsc',
            (n) => `${n('allowedProfilesFromCsc')}: Lambda has no code signing configuration ${cscArn}`,
          );
        }
        throw error;
      });
    return [...(out.CodeSigningConfig?.AllowedPublishers?.SigningProfileVersionArns ?? [])];
  } finally {
    await session.close();
  }
}
