import { OperationError, UserInputError, messages } from '@toolkit/core';
import { defineCommand } from '../command.ts';
import { targetOptions } from '../options.ts';
import { askYesNo } from '../render/ask-yes-no.ts';
import { targetFromOptions } from './target-from-options.ts';

export const deleteCommand = defineCommand({
  words: ['delete'],
  describe:
    'Delete a stack, wait until it is gone, then delete the S3 objects its template pointed at (as sam delete does)',
  options: {
    'stack-name': { type: 'string', describe: 'Stack to delete' },
    prompts: {
      type: 'boolean',
      describe:
        'Ask before deleting; --no-prompts deletes without asking (required without a terminal, as with sam delete)',
      default: true,
      negatedConfigKey: 'no_prompts',
    },
    'keep-artifacts': {
      type: 'boolean',
      describe: "Keep the S3 objects the stack's template points at",
      default: false,
    },
    's3-bucket': {
      type: 'string',
      describe: "Bucket of the template deploy uploaded when too large to send inline (default: the artifacts' bucket)",
    },
    's3-prefix': { type: 'string', describe: 'Key prefix deploy used for that template' },
    ...targetOptions,
  },
  async handler(context) {
    const { deleteStack } = await import('@toolkit/toolkit');
    const { options, environment, json, io } = context;
    const stackName = options['stack-name'];
    if (!stackName) throw new UserInputError(messages.MissingStackName, '--stack-name: required');
    const prompt = options.prompts !== false;
    // sam delete asks on stdin and aborts (exit 1) when nothing answers; without a terminal (or stdin) nothing can.
    const stdin = prompt ? environment.stdin : undefined;
    if (prompt && (!environment.isTTY || json || !stdin)) {
      throw new OperationError(
        messages.ConfirmationRequired,
        `Not deleting stack ${stackName}: no terminal to confirm on; pass --no-prompts to delete without asking`,
      );
    }
    const result = await deleteStack(
      {
        ...targetFromOptions(context),
        stackName,
        deleteArtifacts: options['keep-artifacts'] !== true,
        ...(options['s3-bucket'] ? { s3Bucket: options['s3-bucket'] } : {}),
        ...(options['s3-prefix'] ? { s3Prefix: options['s3-prefix'] } : {}),
        ...(stdin
          ? {
              confirm: async (plan) => {
                for (const a of plan.artifacts)
                  io.notify(
                    messages.ArtifactToDelete.msg(
                      `  s3://${a.bucket}/${a.key}${a.versionId ? ` (version ${a.versionId})` : ''}`,
                    ),
                  );
                const artifacts = plan.artifacts.length ? ` and the ${plan.artifacts.length} S3 object(s) above` : '';
                return askYesNo(
                  `Delete stack ${plan.stackName} in region ${plan.region}${artifacts}?`,
                  stdin,
                  environment.stderr,
                );
              },
            }
          : {}),
      },
      io,
    );
    context.printResult(result, () =>
      result.status === 'DELETE_DECLINED'
        ? `Stack ${result.stackName} was not deleted.\n`
        : `Stack ${result.stackName}: ${result.status}${result.deletedArtifacts.length ? ` (and ${result.deletedArtifacts.length} S3 object(s))` : ''}\n`,
    );
    return 0;
  },
});
