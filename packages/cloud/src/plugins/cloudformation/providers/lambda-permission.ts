import { AddPermissionCommand, RemovePermissionCommand, type AddPermissionRequest } from '@aws-sdk/client-lambda';
import { generatePhysicalName } from '../ids.ts';
import { callService, deleteIgnoringMissing, requiredPropertyMissing } from './handler-error.ts';
import { str } from './property-values.ts';
import type { ResourceProvider } from './provider.ts';

/** `AWS::Lambda::Permission`: a statement on the function's policy; any change replaces it. */
export const lambdaPermissionProvider: ResourceProvider = {
  type: 'AWS::Lambda::Permission',
  attributeNames: ['Id'],
  requiresRecreation: () => 'Always',

  async create(ctx, properties) {
    for (const required of ['FunctionName', 'Action', 'Principal']) {
      if (properties[required] === undefined) throw requiredPropertyMissing(ctx.logicalId, required);
    }
    const statementId = generatePhysicalName(ctx.stackName, ctx.logicalId, { maxLength: 100 });
    await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new AddPermissionCommand({
          FunctionName: str(properties.FunctionName),
          StatementId: statementId,
          Action: str(properties.Action),
          Principal: str(properties.Principal),
          SourceArn: str(properties.SourceArn),
          SourceAccount: str(properties.SourceAccount),
          EventSourceToken: str(properties.EventSourceToken),
          PrincipalOrgID: str(properties.PrincipalOrgID),
          FunctionUrlAuthType: str(properties.FunctionUrlAuthType) as AddPermissionRequest['FunctionUrlAuthType'],
        }),
      ),
    );
    return { physicalId: statementId, attributes: { Id: statementId } };
  },

  async delete(ctx, current) {
    await deleteIgnoringMissing('Lambda', () =>
      ctx.clients.lambda.send(
        new RemovePermissionCommand({
          FunctionName: str(current.properties.FunctionName),
          StatementId: current.physicalId,
        }),
      ),
    );
  },
};
