import { isPlainObject } from '@toolkit/intrinsics';
import { SamResourceError } from './sam-resource-error.ts';

const SAM_TAG = 'lambda:createdBy';
const RESERVED_TAGS = [SAM_TAG, 'serverlessrepo:applicationId', 'serverlessrepo:semanticVersion'];

/** SAM's `{Key: Value}` tags as CloudFormation's `[{Key, Value}]` (a null value becomes ""). */
export function tagList(tags: unknown): Array<Record<string, unknown>> {
  if (!isPlainObject(tags)) return [];
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value: Value ?? '' }));
}

/** `lambda:createdBy: SAM` first, then `extra` (application tags), then the resource's own tags. */
export function samTagList(
  logicalId: string,
  tags: unknown,
  extra: Record<string, unknown> = {},
): Array<Record<string, unknown>> {
  if (tags !== undefined && tags !== null && !isPlainObject(tags)) {
    throw new SamResourceError(logicalId, "Type of property 'Tags' is invalid.");
  }
  for (const reserved of RESERVED_TAGS) {
    if (isPlainObject(tags) && Object.hasOwn(tags, reserved)) {
      throw new SamResourceError(
        logicalId,
        `${reserved} is a reserved Tag key name and cannot be set on your resource. Please change the tag key in the input.`,
      );
    }
  }
  return [...tagList({ [SAM_TAG]: 'SAM' }), ...tagList(extra), ...tagList(tags)];
}

/** Generated types that take `Tags` as a `[{Key, Value}]` list, which `PropagateTags` sets (samtranslator's list). */
const TAGGABLE_TYPES = new Set([
  'AWS::Lambda::Function',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::IoT::TopicRule',
  'AWS::IAM::Role',
  'AWS::S3::Bucket',
  'AWS::CodeDeploy::Application',
  'AWS::CodeDeploy::DeploymentGroup',
  'AWS::DynamoDB::Table',
  'AWS::CloudFormation::Stack',
  'AWS::StepFunctions::StateMachine',
]);

/** `PropagateTags: true`: each generated resource that takes tags gets the SAM resource's tags (replacing its own). */
export function propagateTags(resources: Iterable<Record<string, unknown>>, tags: unknown): void {
  if (!isPlainObject(tags) || Object.keys(tags).length === 0) return;
  for (const resource of resources) {
    if (!TAGGABLE_TYPES.has(String(resource['Type']))) continue;
    if (!isPlainObject(resource['Properties'])) resource['Properties'] = {};
    (resource['Properties'] as Record<string, unknown>)['Tags'] = tagList(tags);
  }
}
