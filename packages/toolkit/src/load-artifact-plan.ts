import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DiagnosticsError, hasErrors, localFiles, type IoHost, messages } from '@toolkit/core';
import { findArtifacts, loadTemplateTree, NON_UTF8_NAME, type Artifact, type TemplateNode } from '@toolkit/template';
import { OptionError } from './option-error.ts';

/** A loaded, validated template tree and every artifact found in it. */
export interface ArtifactPlan {
  templateFile: string;
  root: TemplateNode;
  artifacts: Artifact[];
}

const defaultTemplateNames = ['template.yaml', 'template.yml', 'template.json'];

/** Finds the template file as SAM CLI does: the given path, else template.yaml|yml|json. */
export function resolveTemplateFile(cwd: string, templateFile: string | undefined): string {
  if (templateFile && templateFile !== 'template.yaml') {
    const path = resolve(cwd, templateFile);
    if (!existsSync(path))
      throw new OptionError(
        messages.TemplateNotFound,
        'templateFile',
        (n) => `${n('templateFile')}: ${path} ${path.includes('\ufffd') ? NON_UTF8_NAME : 'does not exist'}`,
      );
    return path;
  }
  const found = defaultTemplateNames.map((name) => join(cwd, name)).find((path) => existsSync(path));
  if (!found && cwd.includes('\ufffd'))
    throw new OptionError(
      messages.TemplateNotFound,
      'templateFile',
      (n) => `${n('templateFile')}: the current folder ${cwd} ${NON_UTF8_NAME}`,
    );
  if (!found)
    throw new OptionError(
      messages.TemplateNotFound,
      'templateFile',
      (n) => `${n('templateFile')}: no template.yaml, template.yml or template.json in ${cwd}`,
    );
  return found;
}

/** Loads and validates the template tree; errors throw with every diagnostic, warnings go to `io`. */
export async function loadArtifactPlan(templateFile: string, io: IoHost): Promise<ArtifactPlan> {
  const tree = await loadTemplateTree(templateFile, localFiles);
  const found = tree.root ? findArtifacts(tree.root, localFiles) : { artifacts: [], diagnostics: [] };
  const diagnostics = [...tree.diagnostics, ...found.diagnostics];
  if (hasErrors(diagnostics) || !tree.root) {
    throw new DiagnosticsError(messages.InvalidTemplate, `${templateFile} is not a valid template.`, diagnostics);
  }
  for (const d of diagnostics) {
    const where = d.position ? `${d.position.file}:${d.position.line}:${d.position.column}: ` : '';
    io.notify(
      messages.TemplateWarning.msg(`${where}${d.message}`, { diagnostic: d.code, position: d.position ?? null }),
    );
  }
  return { templateFile, root: tree.root, artifacts: found.artifacts };
}

/** The folder builds go to, relative to the template's folder unless absolute. */
export function resolveBuildDir(templateFile: string, buildDir: string): string {
  return resolve(dirname(templateFile), buildDir);
}
