import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Diagnostic, SourcePosition } from '@toolkit/core';
import { nodePosition } from './diagnostic-position.ts';
import { nestedTemplateRef } from './nested-template-ref.ts';
import { mapEntries, mapValue } from './node-access.ts';
import { parseTemplateDocument } from './parse-template.ts';
import { renderDocument } from './serialize.ts';
import { readTemplateFile, type TemplateFileProblem, type TemplateFiles } from './template-file.ts';
import type { TemplateNode } from './template-node.ts';

/** A loaded template tree and everything found wrong while loading it. */
export interface TemplateTree {
  root: TemplateNode | undefined;
  diagnostics: Diagnostic[];
}

/**
 * How deep nested stacks may go below the root template. CloudFormation documents
 * no limit on nesting depth; the toolkit (and its local cloud) choose this one so a
 * runaway or hostile chain of templates fails with a clear error instead of
 * exhausting time and memory.
 */
export const MAX_NESTED_STACK_DEPTH = 32;

/** A template file in the chain from the root to the one being loaded. */
interface ChainLink {
  file: string;
  label: string;
}

/** One template file loaded, and how many levels of nested templates hang below it. */
interface LoadedTemplate {
  node: TemplateNode;
  height: number;
}

/** What one tree load shares across its recursion. */
interface TreeLoad {
  files: TemplateFiles;
  rootDir: string;
  diagnostics: Diagnostic[];
  /** Templates already loaded, by real path and content hash: each distinct one is parsed once. */
  loaded: Map<string, LoadedTemplate>;
}

/**
 * Loads a template and, recursively, every nested template given as a local path
 * (`AWS::Serverless::Application` `Location`, `AWS::CloudFormation::Stack` `TemplateURL`).
 * A template nested at several places is loaded once and shared: its node's
 * `stackPath` is the first path that reached it (depth first, in document order).
 * Never throws on bad input: unreadable files, syntax errors, cycles and nesting
 * deeper than MAX_NESTED_STACK_DEPTH become diagnostics. Files are read through `files`.
 */
export async function loadTemplateTree(rootFile: string, files: TemplateFiles): Promise<TemplateTree> {
  const file = path.resolve(rootFile);
  const load: TreeLoad = { files, rootDir: path.dirname(file), diagnostics: [], loaded: new Map() };
  const root = await loadNode(file, [], [], load, undefined);
  return { root: root?.node, diagnostics: load.diagnostics };
}

async function loadNode(
  file: string,
  stackPath: string[],
  chain: ChainLink[],
  load: TreeLoad,
  referencedAt: SourcePosition | undefined,
): Promise<LoadedTemplate | undefined> {
  const { diagnostics, rootDir } = load;
  const read = await readTemplateFile(file, load.files);
  if ('diagnostic' in read) {
    diagnostics.push(read.diagnostic);
    return undefined;
  }
  if ('problem' in read) {
    diagnostics.push(unreadable(file, stackPath, read, referencedAt));
    return undefined;
  }
  const { text } = read;
  const key = `${await load.files.realPath(file)}\0${createHash('sha256').update(text).digest('hex')}`;
  const seen = load.loaded.get(key);
  if (seen !== undefined) return seen;
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
  let height = 0;
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
    if (childPath.length > MAX_NESTED_STACK_DEPTH) {
      diagnostics.push(
        tooDeep([...links.map((link) => link.label), chainLabel(ref.file, rootDir, childPath)], position),
      );
      continue;
    }
    const child = await loadNode(ref.file, childPath, links, load, position);
    if (child === undefined) continue;
    // A template loaded before, at a shallower place, may hang too deep here.
    if (childPath.length + child.height > MAX_NESTED_STACK_DEPTH) {
      const below = `(${child.height} more level${child.height === 1 ? '' : 's'} of nested templates below it)`;
      diagnostics.push(
        tooDeep([...links.map((link) => link.label), `${chainLabel(ref.file, rootDir, childPath)} ${below}`], position),
      );
      continue;
    }
    node.children.set(logicalId, child.node);
    height = Math.max(height, child.height + 1);
  }
  const loaded = { node, height };
  load.loaded.set(key, loaded);
  return loaded;
}

function tooDeep(names: string[], position: SourcePosition): Diagnostic {
  return {
    severity: 'error',
    code: 'TEMPLATE_NESTED_TOO_DEEP',
    message: `Nested templates go deeper than ${MAX_NESTED_STACK_DEPTH} levels: ${names.join(' -> ')}`,
    position,
  };
}

function chainLabel(file: string, rootDir: string, stackPath: string[]): string {
  const relative = path.relative(rootDir, file) || path.basename(file);
  return stackPath.length === 0 ? relative : `${relative} (${stackPath.join('/')})`;
}

function unreadable(
  file: string,
  stackPath: string[],
  read: TemplateFileProblem,
  referencedAt: SourcePosition | undefined,
): Diagnostic {
  const missing = read.problem === 'not-found';
  const nested = stackPath.length > 0;
  const reason = missing
    ? read.detail
    : read.problem === 'not-regular'
      ? `is not a regular file (it is ${read.detail})`
      : `cannot be read (${read.detail})`;
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: nested
      ? missing
        ? 'TEMPLATE_NESTED_NOT_FOUND'
        : 'TEMPLATE_NESTED_UNREADABLE'
      : missing
        ? 'TEMPLATE_NOT_FOUND'
        : read.problem === 'not-regular'
          ? 'TEMPLATE_NOT_A_FILE'
          : 'TEMPLATE_UNREADABLE',
    message: nested ? `Nested template of ${stackPath.join('/')} ${reason}: ${file}` : `Template ${file} ${reason}`,
  };
  if (referencedAt !== undefined) diagnostic.position = referencedAt;
  return diagnostic;
}
