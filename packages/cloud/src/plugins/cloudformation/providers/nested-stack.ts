import { requiredPropertyMissing } from './handler-error.ts';
import { num, obj, str } from './property-values.ts';
import type { NestedStackRequest, ProviderContext, ResourceProvider } from './provider.ts';

function requestOf(ctx: ProviderContext, properties: Record<string, unknown>): NestedStackRequest {
  const templateUrl = str(properties.TemplateURL);
  if (templateUrl === undefined) throw requiredPropertyMissing(ctx.logicalId, 'TemplateURL');
  const parameters = Object.fromEntries(
    Object.entries(obj(properties.Parameters) ?? {}).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.join(',') : String(value),
    ]),
  );
  const tags = Array.isArray(properties.Tags) ? (properties.Tags as { Key: string; Value: string }[]) : [];
  return {
    logicalId: ctx.logicalId,
    templateUrl,
    parameters,
    timeoutInMinutes: num(properties.TimeoutInMinutes),
    tags,
  };
}

/** `AWS::CloudFormation::Stack`: a child stack `parent-Logical-XXXXXXXXXXXX`; Ref is its id, GetAtt Outputs.NAME. */
export const nestedStackProvider: ResourceProvider = {
  type: 'AWS::CloudFormation::Stack',
  attributeNames: ['Outputs.*'],
  requiresRecreation: () => 'Never',
  async create(ctx, properties) {
    return ctx.nested.createChild(requestOf(ctx, properties));
  },
  async update(ctx, current, properties) {
    return ctx.nested.updateChild(current.physicalId, requestOf(ctx, properties));
  },
  async delete(ctx, current) {
    await ctx.nested.deleteChild(current.physicalId);
  },
};
