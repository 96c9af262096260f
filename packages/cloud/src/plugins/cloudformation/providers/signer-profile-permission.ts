import {
  AddProfilePermissionCommand,
  ListProfilePermissionsCommand,
  RemoveProfilePermissionCommand,
} from '@aws-sdk/client-signer';
import { callService, deleteIgnoringMissing, requiredPropertyMissing } from './handler-error.ts';
import { str } from './property-values.ts';
import type { ResourceProvider } from './provider.ts';

/**
 * `AWS::Signer::ProfilePermission`: grants a principal an action on a signing profile
 * (the administrator letting developers sign). Every property replaces the statement.
 */
export const signerProfilePermissionProvider: ResourceProvider = {
  type: 'AWS::Signer::ProfilePermission',
  attributeNames: [],
  requiresRecreation: () => 'Always',

  async create(ctx, properties) {
    const required = (name: string) => {
      const value = str(properties[name]);
      if (value === undefined) throw requiredPropertyMissing(ctx.logicalId, name);
      return value;
    };
    const profileName = required('ProfileName');
    const statementId = required('StatementId');
    await callService('Signer', () =>
      ctx.clients.signer.send(
        new AddProfilePermissionCommand({
          profileName,
          statementId,
          action: required('Action'),
          principal: required('Principal'),
          profileVersion: str(properties.ProfileVersion),
        }),
      ),
    );
    return { physicalId: `${profileName}/${statementId}`, attributes: {} };
  },

  async update(_ctx, current) {
    return { physicalId: current.physicalId, attributes: current.attributes };
  },

  async delete(ctx, current) {
    const profileName = str(current.properties.ProfileName);
    const statementId = str(current.properties.StatementId);
    // Removal names the current revision of the profile's permissions.
    await deleteIgnoringMissing('Signer', async () => {
      const listed = await ctx.clients.signer.send(new ListProfilePermissionsCommand({ profileName }));
      await ctx.clients.signer.send(
        new RemoveProfilePermissionCommand({ profileName, statementId, revisionId: listed.revisionId }),
      );
    });
  },
};
