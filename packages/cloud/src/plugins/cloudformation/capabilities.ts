import { ServiceError } from '../../service-error.ts';

const IAM_TYPES = new Set([
  'AWS::IAM::AccessKey',
  'AWS::IAM::Group',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::UserToGroupAddition',
]);

/** The property that gives each IAM type a custom name (which needs CAPABILITY_NAMED_IAM). */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
};

/** The IAM capability a processed template needs, and the resource types that need it. */
export interface CapabilityNeed {
  capability: 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | undefined;
  resourceTypes: string[];
}

/** What IAM capability a processed template's resources need. */
export function iamCapabilityNeed(template: Record<string, unknown>): CapabilityNeed {
  const resources = (template.Resources ?? {}) as Record<
    string,
    { Type?: string; Properties?: Record<string, unknown> }
  >;
  let named = false;
  const types = new Set<string>();
  for (const resource of Object.values(resources)) {
    const type = resource?.Type ?? '';
    if (!IAM_TYPES.has(type)) continue;
    types.add(type);
    const nameProperty = NAME_PROPERTIES[type];
    if (nameProperty !== undefined && resource.Properties?.[nameProperty] !== undefined) named = true;
  }
  if (types.size === 0) return { capability: undefined, resourceTypes: [] };
  return { capability: named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM', resourceTypes: [...types].sort() };
}

/** CloudFormation's InsufficientCapabilitiesException: "Requires capabilities : [X]". */
export function insufficientCapabilities(capability: string): ServiceError {
  return new ServiceError('InsufficientCapabilitiesException', 400, `Requires capabilities : [${capability}]`);
}

/**
 * Checks acknowledged capabilities. CreateStack/UpdateStack need CAPABILITY_AUTO_EXPAND for
 * any transform; change sets do not (CloudFormation: "This capacity doesn't apply to creating
 * change sets"). IAM resources need CAPABILITY_IAM, or CAPABILITY_NAMED_IAM when named.
 * Returns the error rather than throwing, so change sets can report it as a FAILED reason.
 */
export function capabilityError(
  processed: Record<string, unknown>,
  transforms: readonly string[],
  given: readonly string[],
  direct: boolean,
): ServiceError | undefined {
  if (direct && transforms.length > 0 && !given.includes('CAPABILITY_AUTO_EXPAND')) {
    return insufficientCapabilities('CAPABILITY_AUTO_EXPAND');
  }
  const need = iamCapabilityNeed(processed);
  if (
    need.capability === 'CAPABILITY_IAM' &&
    !given.includes('CAPABILITY_IAM') &&
    !given.includes('CAPABILITY_NAMED_IAM')
  ) {
    return insufficientCapabilities('CAPABILITY_IAM');
  }
  if (need.capability === 'CAPABILITY_NAMED_IAM' && !given.includes('CAPABILITY_NAMED_IAM')) {
    return insufficientCapabilities('CAPABILITY_NAMED_IAM');
  }
  return undefined;
}
