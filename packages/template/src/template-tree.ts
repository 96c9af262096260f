import * as path from 'node:path';
import type { Diagnostic, SourcePosition } from '@toolkit/core';
import { nodePosition } from './diagnostic-position.ts';
import { nestedTemplateRef } from './nested-template-ref.ts';
import { mapEntries, mapValue } from './node-access.ts';
import { parseTemplateDocument } from './parse-template.ts';
import { renderDocument } from './serialize.ts';
import { readTemplateFile, type TemplateFileProblem } from './template-file.ts';
import type { TemplateNode } from './template-node.ts';

/** A loaded template tree and everything found wrong while loading it. */
export interface TemplateTree {
  root: TemplateNode | undefined;
  diagnostics: Diagnostic[];
}

/** A template file in the chain from the root to the one being loaded. */
interface ChainLink {
  file: string;
  label: string;
}

/**
 * Loads a template and, recursively, every nested template given as a local path
 * (`AWS::Serverless::Application` `Location`, `AWS::CloudFormation::Stack` `TemplateURL`).
 * Never throws on bad input: unreadable files, syntax errors and cycles become diagnostics.
 */
export async function loadTemplateTree(rootFile: string): Promise<TemplateTree> {
  const diagnostics: Diagnostic[] = [];
  const file = path.resolve(rootFile);
  const root = await loadNode(file, [], [], path.dirname(file), diagnostics, undefined);
  return { root, diagnostics };
}

async function loadNode(
  file: string,
  stackPath: string[],
  chain: ChainLink[],
  rootDir: string,
  diagnostics: Diagnostic[],
  referencedAt: SourcePosition | undefined,
): Promise<TemplateNode | undefined> {
  const read = await readTemplateFile(file);
  if ('diagnostic' in read) {
    diagnostics.push(read.diagnostic);
    return undefined;
  }
  if ('problem' in read) {
    diagnostics.push(unreadable(file, stackPath, read, referencedAt));
    return undefined;
  }
  const { text } = read;
  const parsed = parseTemplateDocument(text, file);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.wellFormed) return undefined;
  const node: TemplateNode = {
    file,
    stackPath,
    document: parsed.document,
    format: parsed.format,
    children: new Map(),
    text,
    renderedText: renderDocument(parsed.document, parsed.format),
  };
  const links = [...chain, { file, label: chainLabel(file, rootDir, stackPath) }];
  for (const { key: logicalId, pair } of mapEntries(mapValue(parsed.document.contents, 'Resources'))) {
    const ref = nestedTemplateRef(pair.value, file);
    if (ref === undefined) continue;
    const position = nodePosition(text, ref.value, file);
    const childPath = [...stackPath, logicalId];
    const loop = links.findIndex((link) => link.file === ref.file);
    if (loop >= 0) {
      const names = [...links.slice(loop).map((link) => link.label), chainLabel(ref.file, rootDir, childPath)];
      diagnostics.push({
        severity: 'error',
        code: 'TEMPLATE_NESTED_CYCLE',
        message: `Nested template cycle: ${names.join(' -> ')}`,
        position,
      });
      continue;
    }
    const child = await loadNode(ref.file, childPath, links, rootDir, diagnostics, position);
    if (child !== undefined) node.children.set(logicalId, child);
  }
  return node;
}

function chainLabel(file: string, rootDir: string, stackPath: string[]): string {
  const relative = path.relative(rootDir, file) || path.basename(file);
  return stackPath.length === 0 ? relative : `${relative} (${stackPath.join('/')})`;
}

function unreadable(file: string, stackPath: string[], read: TemplateFileProblem, referencedAt: SourcePosition | undefined): Diagnostic {
  const missing = read.problem === 'not-found';
  const nested = stackPath.length > 0;
  const reason = missing ? read.detail : read.problem === 'not-regular' ? `is not a regular file (it is ${read.detail})` : `cannot be read (${read.detail})`;
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: nested ? (missing ? 'TEMPLATE_NESTED_NOT_FOUND' : 'TEMPLATE_NESTED_UNREADABLE') : missing ? 'TEMPLATE_NOT_FOUND' : read.problem === 'not-regular' ? 'TEMPLATE_NOT_A_FILE' : 'TEMPLATE_UNREADABLE',
    message: nested ? `Nested template of ${stackPath.join('/')} ${reason}: ${file}` : `Template ${file} ${reason}`,
  };
  if (referencedAt !== undefined) diagnostic.position = referencedAt;
  return diagnostic;
}
