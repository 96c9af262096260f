import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { silentIoHost, OperationError, type IoHost, messages } from '@toolkit/core';
import { isS3NotFound } from '@toolkit/signing';
import { openAwsSession, type AwsSession, type TargetOptions } from './aws-session.ts';
import { describeStack } from './change-set.ts';
import { stackArtifacts, uploadedTemplateKey, type StackArtifact } from './stack-artifacts.ts';
import { existingEventIds, followStack } from './stack-events.ts';
import { pollPaceOf } from './poll-pace.ts';

/** Input of `deleteStack`: `toolkit delete`'s flags as a typed object. */
export interface DeleteStackOptions extends TargetOptions {
  stackName: string;
  /** Also delete the S3 objects the stack's template points at, as `sam delete` does (default true). */
  deleteArtifacts?: boolean;
  /** Where deploy put a template too large to send inline (its `--s3-bucket`/`--s3-prefix`); that object is deleted too. */
  s3Bucket?: string;
  s3Prefix?: string;
  /** Asked once the stack is found, with what would be deleted; resolve false to delete nothing. */
  confirm?: (plan: { stackName: string; region: string; artifacts: readonly StackArtifact[] }) => Promise<boolean>;
}

/** Result of `deleteStack`, as `toolkit delete --json` prints it. */
export interface DeleteStackResult {
  stackName: string;
  /** `DELETE_COMPLETE`, or `DELETE_DECLINED` when the confirmation was refused. */
  status: string;
  /** The S3 objects deleted after the stack. */
  deletedArtifacts: StackArtifact[];
}

/**
 * Deletes a stack, waits for it to go, then deletes the artifacts its template
 * pointed at. A stack that does not exist is an error, as in `sam delete`.
 * Artifacts go after the stack (sam deletes them first), so a stack whose
 * deletion fails still has its code.
 */
export async function deleteStack(options: DeleteStackOptions, io: IoHost = silentIoHost): Promise<DeleteStackResult> {
  const session = await openAwsSession(options, io);
  try {
    const { cloudformation } = await session.deployClients();
    const existing = await describeStack(cloudformation, options.stackName);
    if (!existing?.StackId) {
      throw new OperationError(
        messages.StackNotFound,
        `Stack ${options.stackName} does not exist in region ${session.region}`,
      );
    }
    const stackId = existing.StackId;
    // A stack under review has nothing deployed, so no artifacts of its own.
    const keep = options.deleteArtifacts === false || existing.StackStatus === 'REVIEW_IN_PROGRESS';
    const found = keep ? { templateBody: '', artifacts: [] } : await stackArtifacts(cloudformation, stackId);
    const bucket = options.s3Bucket ?? found.artifacts[0]?.bucket;
    const artifacts = [
      ...found.artifacts,
      ...(await uploadedTemplate(session.s3, found.templateBody, bucket, options.s3Prefix)),
    ];
    if (
      options.confirm &&
      !(await options.confirm({ stackName: options.stackName, region: session.region, artifacts }))
    ) {
      return { stackName: options.stackName, status: 'DELETE_DECLINED', deletedArtifacts: [] };
    }
    const before = await existingEventIds(cloudformation, stackId);
    await cloudformation.send(new DeleteStackCommand({ StackName: stackId }));
    const followed = await followStack(cloudformation, stackId, before, io, pollPaceOf(session));
    if (followed.status !== 'DELETE_COMPLETE') {
      throw new OperationError(
        messages.DeleteFailed,
        `Stack ${options.stackName} ended in ${followed.status}; its artifacts were kept`,
      );
    }
    for (const artifact of artifacts) {
      await session.s3.send(
        new DeleteObjectCommand({
          Bucket: artifact.bucket,
          Key: artifact.key,
          ...(artifact.versionId ? { VersionId: artifact.versionId } : {}),
        }),
      );
      io.notify(
        messages.ArtifactDeleted.msg(
          `Deleted s3://${artifact.bucket}/${artifact.key}${artifact.versionId ? ` (version ${artifact.versionId})` : ''}`,
        ),
      );
    }
    return { stackName: options.stackName, status: followed.status, deletedArtifacts: artifacts };
  } finally {
    await session.close();
  }
}

/** The copy of the template deploy uploads when it is too large to send inline, if it is there. */
async function uploadedTemplate(
  s3: AwsSession['s3'],
  body: string,
  bucket: string | undefined,
  prefix: string | undefined,
): Promise<StackArtifact[]> {
  if (!bucket || !body) return [];
  const key = uploadedTemplateKey(body, prefix);
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return [{ bucket, key, versionId: null }];
  } catch (error) {
    if (isS3NotFound(error)) return [];
    throw error;
  }
}
