import type { Diagnostic } from '@toolkit/core';
import { findArtifacts } from './find-artifacts.ts';
import type { TemplateFiles } from './template-file.ts';
import { loadTemplateTree } from './template-tree.ts';

/** Every diagnostic for a template tree read through `files`: syntax, tags, structure, nested templates and artifact paths. */
export async function validateTemplate(rootFile: string, files: TemplateFiles): Promise<Diagnostic[]> {
  const { root, diagnostics } = await loadTemplateTree(rootFile, files);
  if (root === undefined) return diagnostics;
  return [...diagnostics, ...findArtifacts(root, files).diagnostics];
}
