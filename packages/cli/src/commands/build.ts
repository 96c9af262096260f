import { relative } from 'node:path';
import { UserInputError, messages } from '@toolkit/core';
import { buildToolsFrom } from './build-tool-loader.ts';
import { defineCommand } from '../command.ts';
import { templateOptions } from '../options.ts';
import { renderTable } from '../render/table.ts';

export const buildCommand = defineCommand({
  words: ['build'],
  describe: 'Build every function and layer zip of a template (deterministic, cached by SHA-256)',
  options: {
    ...templateOptions,
    'use-container': { type: 'boolean', describe: 'Refused: builds run on this machine (no container runtime)' },
    parallel: { type: 'boolean', describe: 'Accepted for SAM CLI compatibility: builds always run in parallel' },
    cached: { type: 'boolean', describe: 'Accepted for SAM CLI compatibility: builds are always cached by content' },
  },
  async handler({ options, environment, io, printResult }) {
    // The build action alone: a build talks to no AWS service, so it loads no client.
    const { buildTemplate } = await import('@toolkit/toolkit/build');
    if (options['use-container'])
      throw new UserInputError(
        messages.UseContainerUnsupported,
        '--use-container: building in a container is not supported; builds run on this machine with its npm, python3, make and esbuild.',
      );
    const result = await buildTemplate(
      {
        templateFile: options['template-file'],
        buildDir: options['build-dir'],
        cwd: environment.cwd,
        ...buildToolsFrom(environment),
      },
      io,
    );
    printResult({ artifacts: result.artifacts }, () =>
      renderTable(
        ['artifact', 'type', 'built with', 'size', 'sha256', 'zip'],
        result.artifacts.map((a) => [
          a.id,
          a.resourceType,
          a.dependencies ? `${a.buildMethod}${a.dependencies.reused ? ' (deps reused)' : ''}` : a.buildMethod,
          formatSize(a.size),
          a.sha256.slice(0, 12),
          relative(environment.cwd, a.zip),
        ]),
      ),
    );
    return 0;
  },
});

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
