import { ToolkitError } from '@toolkit/core';
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { nodeAtPath } from './include-artifacts.ts';
import { findPair, valueAt } from './node-access.ts';
import { parseTemplateDocument } from './parse-template.ts';
import { propertyValue, type ArtifactLocation, type RewriteTarget } from './rewrite-value.ts';
import { formatS3Uri } from './s3-location.ts';
import { renderDocument } from './serialize.ts';
import type { TemplateNode, TextEdit } from './template-node.ts';
import { renderAfterColon, renderEntry, type NewValue, type TextStyle } from './value-text.ts';

export type { ArtifactLocation, RewriteTarget } from './rewrite-value.ts';

/**
 * Points an artifact's property at its uploaded location, in the form its resource
 * type uses, editing only that property's text (comments, order and tags elsewhere
 * stay byte for byte). A Globals-derived CodeUri is set on the function itself.
 * `tree` is the artifact's own template or any ancestor of it.
 */
export function rewriteArtifact(tree: TemplateNode, artifact: RewriteTarget, location: ArtifactLocation): void {
  const node = owningNode(tree, artifact);
  // A direct document edit is noticed before the first rewrite of a batch, not between rewrites.
  if (!node.pendingEdits?.length) syncTextWithDocument(node);
  const value = artifact.forEachItem ? itemMappingValue(node, artifact, location) : propertyValue(artifact, location);
  if (artifact.at) {
    const parent = nodeAtPath(node.document.contents, artifact.at);
    const pair = findPair(parent, artifact.property);
    if (!isMap(parent) || pair === undefined)
      throw new ToolkitError(
        'TEMPLATE_REWRITE_TARGET',
        `No ${artifact.property} at ${artifact.at.join('.')} in ${node.file}`,
      );
    queueEdit(node, replaceValue(node.text, node.format, parent, pair, value));
    return;
  }
  const resource = artifact.resourceAt
    ? nodeAtPath(node.document.contents, artifact.resourceAt)
    : valueAt(node.document.contents, ['Resources', artifact.logicalId]);
  if (!isMap(resource))
    throw new ToolkitError('TEMPLATE_REWRITE_TARGET', `Resource ${artifact.id} is not in ${node.file}`);
  queueEdit(node, planEdit(node.text, node.format, resource, artifact.property, value));
}

/** Rewriting the same property again replaces the earlier, still pending, edit. */
function queueEdit(node: TemplateNode, edit: TextEdit): void {
  const pending = (node.pendingEdits ?? []).filter((e) => e.start !== edit.start || e.end !== edit.end);
  node.pendingEdits = [...pending, edit];
}

/**
 * Applies every pending rewrite of a template (last offset first) and re-parses it once.
 * True when it did: the document then renders as `renderedText` until something edits it.
 */
export function applyPendingEdits(node: TemplateNode): boolean {
  if (node.pendingMappings?.size) {
    queueEdit(node, mappingsEdit(node, node.pendingMappings));
    node.pendingMappings = undefined;
  }
  const edits = node.pendingEdits;
  if (!edits?.length) return false;
  node.pendingEdits = [];
  let text = node.text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  reparse(node, text);
  return true;
}

function owningNode(tree: TemplateNode, artifact: RewriteTarget): TemplateNode {
  const below = artifact.stackPath.slice(tree.stackPath.length);
  const above = artifact.stackPath.slice(0, tree.stackPath.length);
  let node: TemplateNode | undefined = above.join('/') === tree.stackPath.join('/') ? tree : undefined;
  for (const logicalId of below) node = node?.children.get(logicalId);
  if (node === undefined)
    throw new ToolkitError('TEMPLATE_REWRITE_TARGET', `No template in this tree holds artifact ${artifact.id}`);
  return node;
}

function planEdit(
  text: string,
  format: TextStyle['format'],
  resource: YAMLMap,
  property: string,
  value: NewValue,
): TextEdit {
  const propertiesPair = findPair(resource, 'Properties');
  if (propertiesPair === undefined) return insertEntry(text, format, resource, 'Properties', { [property]: value });
  const properties = propertiesPair.value;
  if (!isMap(properties)) {
    if (isScalar(properties) && properties.value === null)
      return replaceValue(text, format, resource, propertiesPair, { [property]: value });
    throw new ToolkitError('TEMPLATE_REWRITE_TARGET', 'Properties of the resource is not a mapping');
  }
  const pair = findPair(properties, property);
  if (pair === undefined) return insertEntry(text, format, properties, property, value);
  return replaceValue(text, format, properties, pair, value);
}

/** Replaces a pair's value, from just after its colon (tags and anchors on the old value go with it). */
function replaceValue(
  text: string,
  format: TextStyle['format'],
  parent: YAMLMap,
  pair: Pair<unknown, unknown>,
  value: NewValue,
): TextEdit {
  const key = pair.key as Node;
  const old = pair.value as Node | null;
  const keyStart = key.range?.[0] ?? 0;
  const keyEnd = key.range?.[1] ?? keyStart;
  const colon = text.indexOf(':', keyEnd);
  let end = old?.range?.[1] ?? colon + 1;
  while (end > colon + 1 && /\s/.test(text[end - 1] ?? '')) end--;
  return {
    start: colon + 1,
    end: Math.max(end, colon + 1),
    text: renderAfterColon(value, styleAt(text, format, parent, keyStart)),
  };
}

/** Appends an entry after the last one of a mapping (or inside an empty flow mapping). */
function insertEntry(text: string, format: TextStyle['format'], map: YAMLMap, key: string, value: NewValue): TextEdit {
  const last = map.items.at(-1);
  const lastKey = last?.key as Node | undefined;
  if (last === undefined || lastKey?.range == null) {
    if (!map.flow) throw new ToolkitError('TEMPLATE_REWRITE_TARGET', 'Cannot insert into an empty block mapping');
    const open = (map.range?.[0] ?? 0) + 1;
    return { start: open, end: open, text: renderEntry(key, value, styleAt(text, format, map, open)) };
  }
  const keyStart = lastKey.range[0];
  const style = styleAt(text, format, map, keyStart);
  const entry = renderEntry(key, value, style);
  let end = (last.value as Node | null)?.range?.[1] ?? lastKey.range[1];
  while (end > keyStart && /\s/.test(text[end - 1] ?? '')) end--;
  if (!style.flow) {
    // After the whole last line, so a trailing comment stays with its own entry.
    const newline = text.indexOf('\n', end);
    const at = newline < 0 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
    return { start: at, end: at, text: `${style.eol}${' '.repeat(style.keyColumn)}${entry}` };
  }
  const before = text.slice(lineStart(text, keyStart), keyStart);
  const gap = /^\s*$/.test(before) ? `${style.eol}${before}` : ' ';
  return { start: end, end, text: `,${gap}${entry}` };
}

function styleAt(text: string, format: TextStyle['format'], map: YAMLMap, keyOffset: number): TextStyle {
  const start = lineStart(text, keyOffset);
  const lineIndent = /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { format, flow: map.flow === true || format === 'json', keyColumn: keyOffset - start, lineIndent, eol };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Brings `text` up to date when the document was edited through the yaml API since the last parse. */
function syncTextWithDocument(node: TemplateNode): void {
  const rendered = renderDocument(node.document, node.format);
  if (rendered === node.renderedText) return;
  reparse(node, rendered);
}

function reparse(node: TemplateNode, text: string): void {
  const parsed = parseTemplateDocument(text, node.file);
  if (!parsed.wellFormed) {
    throw new ToolkitError(
      'TEMPLATE_REWRITE_BROKE_SYNTAX',
      `Rewriting ${node.file} produced invalid ${node.format}: ${parsed.diagnostics[0]?.message ?? ''}`,
    );
  }
  node.document = parsed.document;
  node.text = text;
  node.renderedText = renderDocument(parsed.document, node.format);
}

/**
 * A per-item artifact of a loop: its location joins the loop's generated mapping under its item,
 * and the property (the same for every item) becomes the lookup of the item's entry, as `sam
 * package` writes it. The mapping holds the `s3://` URI form, since a mapping value is a string.
 */
function itemMappingValue(node: TemplateNode, artifact: RewriteTarget, location: ArtifactLocation): NewValue {
  const { mapping, key, identifier } = artifact.forEachItem!;
  if ('url' in location)
    throw new ToolkitError('TEMPLATE_REWRITE_UNSUPPORTED', `${artifact.id} needs a bucket and key, not a URL`);
  const uri = `${formatS3Uri(location)}${location.version === undefined ? '' : `?versionId=${encodeURIComponent(location.version)}`}`;
  node.pendingMappings ??= new Map();
  const entries = node.pendingMappings.get(mapping) ?? new Map<string, Record<string, string>>();
  entries.set(key, { [artifact.property]: uri });
  node.pendingMappings.set(mapping, entries);
  return { 'Fn::FindInMap': [mapping, { Ref: identifier }, artifact.property] };
}

/** One edit adding the generated mappings to `Mappings` (created after the last section when absent). */
function mappingsEdit(
  node: TemplateNode,
  mappings: ReadonlyMap<string, ReadonlyMap<string, Record<string, string>>>,
): TextEdit {
  const root = node.document.contents;
  if (!isMap(root)) throw new ToolkitError('TEMPLATE_REWRITE_TARGET', `${node.file} is not a mapping of sections`);
  const values = new Map([...mappings].map(([name, items]): [string, NewValue] => [name, Object.fromEntries(items)]));
  const section = findPair(root, 'Mappings')?.value;
  if (!isMap(section)) return insertEntry(node.text, node.format, root, 'Mappings', Object.fromEntries(values));
  for (const name of values.keys())
    if (findPair(section, name) !== undefined)
      throw new ToolkitError(
        'TEMPLATE_REWRITE_TARGET',
        `${node.file} already has a mapping ${name}, the name the packaged loop's code would take`,
      );
  // Every entry goes after the section's last one: one edit, its entries' texts in order.
  const edits = [...values].map(([name, value]) => insertEntry(node.text, node.format, section, name, value));
  return { ...edits[0]!, text: edits.map((edit) => edit.text).join('') };
}
