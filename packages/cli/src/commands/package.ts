import { relative } from 'node:path';
import { UserInputError, messages } from '@toolkit/core';
import { parseValidityPeriod } from '@toolkit/toolkit/cli-support';
import type { PackagePlanEntry, PackageTemplateResult } from '@toolkit/toolkit';
import { defineCommand, type ContextOf } from '../command.ts';
import { packageOptions, targetOptions, templateOptions } from '../options.ts';
import { renderTable } from '../render/table.ts';
import { buildToolsFrom } from './build-tool-loader.ts';
import { targetFromOptions } from './target-from-options.ts';

export const packageCommand = defineCommand({
  words: ['package'],
  describe: 'Build, upload and sign every function and layer, and write the packaged template',
  options: { ...templateOptions, ...packageOptions, ...targetOptions },
  async handler(context) {
    const { packageTemplate } = await import('@toolkit/toolkit/package');
    const result = await packageTemplate(packageInput(context), context.io);
    const { printResult, printText, environment, options } = context;
    if (options['dry-run']) {
      printResult({ dryRun: true, plan: result.plan }, () =>
        renderPlan(result.plan, environment.cwd, environment.columns),
      );
      return 0;
    }
    if (!options['output-template-file'] && !context.json) {
      printText(result.templateBody);
      environment.stderr.write(renderSummary(result));
      return 0;
    }
    printResult(
      { outputTemplate: result.outputTemplate, artifacts: result.artifacts },
      () => `${renderSummary(result)}Packaged template: ${relative(environment.cwd, result.outputTemplate ?? '')}\n`,
    );
    return 0;
  },
});

/** The typed input of packageTemplate from merged options: shared with deploy. */
export function packageInput(
  context: ContextOf<typeof templateOptions & typeof packageOptions & typeof targetOptions>,
) {
  const { options, environment } = context;
  const concurrency = options.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UserInputError(messages.InvalidConcurrency, '--concurrency: must be a whole number of 1 or more');
  return {
    ...targetFromOptions(context),
    ...buildToolsFrom(environment),
    templateFile: options['template-file'],
    buildDir: options['build-dir'],
    cwd: environment.cwd,
    ...(options['output-template-file'] ? { outputTemplateFile: options['output-template-file'] } : {}),
    ...(options['s3-bucket'] ? { s3Bucket: options['s3-bucket'] } : {}),
    ...(options['s3-prefix'] ? { s3Prefix: options['s3-prefix'] } : {}),
    ...(options['resolve-s3'] !== undefined ? { resolveS3: options['resolve-s3'] } : {}),
    ...(options['signing-profiles'] ? { signingProfiles: options['signing-profiles'] } : {}),
    forceUpload: options['force-upload'] === true,
    ...(options['kms-key-id'] ? { kmsKeyId: options['kms-key-id'] } : {}),
    concurrency,
    minSignatureValidity: parseValidityPeriod(options['min-signature-validity'], 'minSignatureValidity'),
    dryRun: options['dry-run'] === true,
  };
}

function renderSummary(result: PackageTemplateResult): string {
  const rows = result.artifacts.map((a) => [
    a.id,
    a.signing ? a.signing.profileVersionArn.split('/').slice(-2).join('/') : '-',
    a.signing ? `${a.signing.jobId}${a.signing.reused ? ' (reused)' : ''}` : '-',
    a.signing ? a.signing.signedKey : a.s3.key,
    a.signing ? a.signing.expiresAt.slice(0, 10) : '-',
  ]);
  return renderTable(['artifact', 'profile version', 'job id', 'key', 'expires'], rows);
}

/** The package plan as `--dry-run` prints it (deploy's dry run prints it too). */
export function renderPlan(plan: readonly PackagePlanEntry[], cwd: string, width?: number): string {
  const rows = plan.map((p) => [
    p.id,
    p.action,
    relative(cwd, p.source) || '.',
    p.sign ? `${p.sign.profileName}${p.sign.profileOwner ? `:${p.sign.profileOwner}` : ''}` : '-',
    `${relative(cwd, p.rewrites)} ${p.property}`,
  ]);
  return `Dry run: nothing was built, uploaded, signed or written.\n${renderTable(['artifact', 'action', 'source', 'sign with', 'rewrites'], rows, width)}`;
}
