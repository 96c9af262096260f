import { GetSigningProfileCommand, PutSigningProfileCommand } from '@aws-sdk/client-signer';
import { OperationError, silentIoHost, UserInputError, type IoHost, messages } from '@toolkit/core';
import { signingProfileNameProblem } from '@toolkit/signing';
import { openAwsSession, type TargetOptions } from './aws-session.ts';
import { parseValidityPeriod, type ValidityPeriod } from './signature-validity.ts';

/** Input of `createSigningProfile`. */
export interface CreateSigningProfileOptions extends TargetOptions {
  profileName: string;
  /** e.g. `135months` (the default, Signer's maximum), `30days`. */
  validity?: string;
}

/** A created signing profile. */
export interface SigningProfileResult {
  profileName: string;
  profileVersion: string;
  profileVersionArn: string;
  arn: string;
  signatureValidityPeriod: ValidityPeriod;
}

/** Creates an `AWSLambda-SHA384-ECDSA` signing profile (an admin task; on the local target the quick way to get one). */
export async function createSigningProfile(
  options: CreateSigningProfileOptions,
  io: IoHost = silentIoHost,
): Promise<SigningProfileResult> {
  const badName = signingProfileNameProblem(options.profileName);
  if (badName) throw new UserInputError(messages.InvalidProfileName, `profile name: ${badName}.`);
  const period = parseValidityPeriod(options.validity ?? '135months');
  const session = await openAwsSession(options, io);
  try {
    // Signer's PutSigningProfile answers an existing name with that profile; creating is meant here.
    const existing = await session.signer
      .send(new GetSigningProfileCommand({ profileName: options.profileName }))
      .catch((error: { name?: string }) => {
        if (error.name === 'ResourceNotFoundException') return undefined;
        throw error;
      });
    if (existing?.status === 'Active') {
      throw new OperationError(
        messages.ProfileExists,
        `signing profile ${options.profileName} already exists (${existing.profileVersionArn}); pick another name, or use it as it is`,
      );
    }
    const put = await session.signer.send(
      new PutSigningProfileCommand({
        profileName: options.profileName,
        platformId: 'AWSLambda-SHA384-ECDSA',
        signatureValidityPeriod: period,
      }),
    );
    const got = await session.signer.send(new GetSigningProfileCommand({ profileName: options.profileName }));
    io.notify(messages.ProfileCreated.msg(`Created signing profile ${options.profileName} (${put.profileVersionArn})`));
    return {
      profileName: options.profileName,
      profileVersion: put.profileVersion ?? got.profileVersion ?? '',
      profileVersionArn: put.profileVersionArn ?? got.profileVersionArn ?? '',
      arn: put.arn ?? got.arn ?? '',
      signatureValidityPeriod: period,
    };
  } finally {
    await session.close();
  }
}
