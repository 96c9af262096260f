import { buildTemplate } from '@toolkit/toolkit';
import { defineCommand } from '../command.ts';
import { templateOptions } from '../options.ts';
import { renderTable } from '../render/table.ts';

export const buildCommand = defineCommand({
  words: ['build'],
  describe: 'Build every function and layer zip of a template (deterministic, cached by SHA-256)',
  options: { ...templateOptions },
  async handler({ options, environment, io, printResult }) {
    const result = await buildTemplate(
      { templateFile: options['template-file'], buildDir: options['build-dir'], cwd: environment.cwd },
      io,
    );
    printResult({ artifacts: result.artifacts }, () =>
      renderTable(
        ['artifact', 'type', 'source', 'size', 'sha256'],
        result.artifacts.map((a) => [a.id, a.resourceType, a.source, formatSize(a.size), a.sha256.slice(0, 12)]),
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
