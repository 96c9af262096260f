import { generatePhysicalName, randomChars } from '../ids.ts';
import { requiredPropertyMissing } from './handler-error.ts';
import { str } from './property-values.ts';
import type { ResourceProvider } from './provider.ts';

/** IAM path with the slashes CloudFormation puts round it (`/` by default). */
function pathOf(properties: Record<string, unknown>): string {
  return str(properties.Path) ?? '/';
}

/** `AWS::IAM::Role`, recorded only (the local cloud enforces no IAM): Ref is the name, GetAtt Arn and RoleId. */
export const iamRoleProvider: ResourceProvider = {
  type: 'AWS::IAM::Role',
  attributeNames: ['Arn', 'RoleId'],
  requiresRecreation: (property) => (property === 'RoleName' || property === 'Path' ? 'Always' : 'Never'),
  async create(ctx, properties) {
    if (properties.AssumeRolePolicyDocument === undefined)
      throw requiredPropertyMissing(ctx.logicalId, 'AssumeRolePolicyDocument');
    const name = str(properties.RoleName) ?? generatePhysicalName(ctx.stackName, ctx.logicalId, { maxLength: 64 });
    return {
      physicalId: name,
      attributes: {
        Arn: `arn:aws:iam::${ctx.accountId}:role${pathOf(properties)}${name}`,
        RoleId: `AROA${randomChars(17)}`,
      },
    };
  },
  async update(_ctx, current) {
    return { physicalId: current.physicalId, attributes: current.attributes };
  },
  async delete() {},
};

/** `AWS::IAM::Policy`, recorded only: Ref is a generated id. */
export const iamPolicyProvider: ResourceProvider = {
  type: 'AWS::IAM::Policy',
  attributeNames: ['Id'],
  requiresRecreation: (property) => (property === 'PolicyName' ? 'Always' : 'Never'),
  async create(ctx, properties) {
    if (properties.PolicyName === undefined) throw requiredPropertyMissing(ctx.logicalId, 'PolicyName');
    const id = generatePhysicalName(ctx.stackName, ctx.logicalId.slice(0, 5), { maxLength: 128 });
    return { physicalId: id, attributes: { Id: id } };
  },
  async update(_ctx, current) {
    return { physicalId: current.physicalId, attributes: current.attributes };
  },
  async delete() {},
};

/** `AWS::IAM::ManagedPolicy`, recorded only: Ref is the policy ARN. */
export const iamManagedPolicyProvider: ResourceProvider = {
  type: 'AWS::IAM::ManagedPolicy',
  attributeNames: ['PolicyArn', 'PolicyId', 'AttachmentCount', 'DefaultVersionId', 'IsAttachable'],
  requiresRecreation: (property) => (property === 'ManagedPolicyName' || property === 'Path' ? 'Always' : 'Never'),
  async create(ctx, properties) {
    const name =
      str(properties.ManagedPolicyName) ?? generatePhysicalName(ctx.stackName, ctx.logicalId, { maxLength: 128 });
    const arn = `arn:aws:iam::${ctx.accountId}:policy${pathOf(properties)}${name}`;
    return {
      physicalId: arn,
      attributes: {
        PolicyArn: arn,
        PolicyId: `ANPA${randomChars(17)}`,
        AttachmentCount: 0,
        DefaultVersionId: 'v1',
        IsAttachable: true,
      },
    };
  },
  async update(_ctx, current) {
    const version = Number(String(current.attributes.DefaultVersionId ?? 'v1').slice(1)) + 1;
    return { physicalId: current.physicalId, attributes: { ...current.attributes, DefaultVersionId: `v${version}` } };
  },
  async delete() {},
};
