import {
  CancelSigningProfileCommand,
  PutSigningProfileCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-signer';
import { randomChars } from '../ids.ts';
import { callService, deleteIgnoringMissing, requiredPropertyMissing } from './handler-error.ts';
import { num, obj, str, tagMap } from './property-values.ts';
import type { ResourceProvider } from './provider.ts';

/**
 * A profile name when the template gives none: Signer names allow only `[a-zA-Z0-9_]`
 * (2–64), so the stack and logical id lose other characters and `_` joins the parts.
 */
function generatedProfileName(stackName: string, logicalId: string): string {
  const clean = (text: string) => text.replace(/[^a-zA-Z0-9_]/g, '');
  const suffix = randomChars(12);
  const budget = 64 - suffix.length - 2;
  const stack = clean(stackName).slice(0, Math.ceil(budget / 2));
  const logical = clean(logicalId).slice(0, budget - stack.length);
  return `${stack}_${logical}_${suffix}`;
}

/** `AWS::Signer::SigningProfile`: Ref is the profile ARN; GetAtt ProfileName, ProfileVersion, ProfileVersionArn, Arn. */
export const signerSigningProfileProvider: ResourceProvider = {
  type: 'AWS::Signer::SigningProfile',
  attributeNames: ['Arn', 'ProfileName', 'ProfileVersion', 'ProfileVersionArn'],
  requiresRecreation: (property) => (property === 'Tags' ? 'Never' : 'Always'),

  async create(ctx, properties) {
    const platformId = str(properties.PlatformId);
    if (platformId === undefined) throw requiredPropertyMissing(ctx.logicalId, 'PlatformId');
    const profileName = str(properties.ProfileName) ?? generatedProfileName(ctx.stackName, ctx.logicalId);
    const validity = obj(properties.SignatureValidityPeriod);
    const put = await callService('Signer', () =>
      ctx.clients.signer.send(
        new PutSigningProfileCommand({
          profileName,
          platformId,
          signatureValidityPeriod: validity
            ? { value: num(validity.Value), type: str(validity.Type) as 'DAYS' | 'MONTHS' | 'YEARS' }
            : undefined,
          tags: tagMap(properties.Tags),
        }),
      ),
    );
    const arn = put.arn ?? `arn:aws:signer:${ctx.region}:${ctx.accountId}:/signing-profiles/${profileName}`;
    return {
      physicalId: arn,
      attributes: {
        Arn: arn,
        ProfileName: profileName,
        ProfileVersion: put.profileVersion ?? '',
        ProfileVersionArn: put.profileVersionArn ?? '',
      },
    };
  },

  async update(ctx, current, properties) {
    const before = tagMap(current.properties.Tags) ?? {};
    const after = tagMap(properties.Tags) ?? {};
    const removed = Object.keys(before).filter((key) => !(key in after));
    if (removed.length > 0) {
      await callService('Signer', () =>
        ctx.clients.signer.send(new UntagResourceCommand({ resourceArn: current.physicalId, tagKeys: removed })),
      );
    }
    if (Object.keys(after).length > 0) {
      await callService('Signer', () =>
        ctx.clients.signer.send(new TagResourceCommand({ resourceArn: current.physicalId, tags: after })),
      );
    }
    return { physicalId: current.physicalId, attributes: current.attributes };
  },

  async delete(ctx, current) {
    const profileName = str(current.attributes.ProfileName);
    await deleteIgnoringMissing('Signer', () =>
      ctx.clients.signer.send(new CancelSigningProfileCommand({ profileName })),
    );
  },
};
