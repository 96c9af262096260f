import type { Diagnostic } from '@toolkit/core';
import { findArtifacts } from './find-artifacts.ts';
import { loadTemplateTree } from './template-tree.ts';

/** Every diagnostic for a template tree: syntax, tags, structure, nested templates and artifact paths. */
export async function validateTemplate(rootFile: string): Promise<Diagnostic[]> {
  const { root, diagnostics } = await loadTemplateTree(rootFile);
  if (root === undefined) return diagnostics;
  return [...diagnostics, ...findArtifacts(root).diagnostics];
}
