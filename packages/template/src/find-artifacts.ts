import type { Diagnostic } from '@toolkit/core';
import { Scalar, type Node } from 'yaml';
import { LAMBDA_S3_FIELDS, SAM_S3_FIELDS, resolveCodeSource, type SourceContext } from './artifact-source.ts';
import type { Artifact, ArtifactProperty, ArtifactSource } from './artifact-types.ts';
import { readBuildInfo } from './build-metadata.ts';
import { filePropertyValues, metadataFileValues, resolveFileSource } from './file-artifacts.ts';
import { nodePosition } from './diagnostic-position.ts';
import { findIncludes, INCLUDE_TRANSFORM } from './include-artifacts.ts';
import { NESTED_TEMPLATE_PROPERTIES } from './nested-template-ref.ts';
import { mapEntries, mapValue, plainString, valueAt } from './node-access.ts';
import {
  FOR_EACH_PREFIX,
  mentionedIdentifier,
  resourceEntries,
  substituteItem,
  type LoopScope,
} from './for-each-loops.ts';
import type { TemplateFiles } from './template-file.ts';
import type { TemplateNode } from './template-node.ts';

/** Artifacts of a template tree and the problems found with them. */
export interface ArtifactScan {
  artifacts: Artifact[];
  diagnostics: Diagnostic[];
}

/** A scan in progress: the result, and the templates already scanned. */
interface ScanState extends ArtifactScan {
  scanned: Set<TemplateNode>;
  files: Pick<TemplateFiles, 'pathKind'>;
}

/** One resource being scanned, with what every artifact record needs. */
interface ResourceScan {
  node: TemplateNode;
  context: SourceContext;
  logicalId: string;
  id: string;
  type: string;
  resource: Node;
  /** The `Globals` section for this resource type (only functions and layers matter here). */
  globals: Node | undefined;
  /** Keys from the template's top to the resource's mapping. */
  path: string[];
  /** The `Fn::ForEach` loops around the resource, outermost first. */
  loops: LoopScope[];
}

/**
 * Every artifact of the tree in document order: function code, layer content
 * (zip, inline or image), and nested templates — each nested template after all
 * artifacts of its own subtree, so a packager can rewrite children first. A
 * template nested at several places is scanned once (its artifacts carry the
 * first path to it); each place that nests it gives one template artifact. Local paths are
 * looked at through `files` to tell a folder from a zip file.
 */
export function findArtifacts(root: TemplateNode, files: Pick<TemplateFiles, 'pathKind'>): ArtifactScan {
  const scan: ScanState = { artifacts: [], diagnostics: [], scanned: new Set(), files };
  scanNode(root, scan);
  return { artifacts: scan.artifacts, diagnostics: scan.diagnostics };
}

function scanNode(node: TemplateNode, scan: ScanState): void {
  if (scan.scanned.has(node)) return;
  scan.scanned.add(node);
  const contents = node.document.contents;
  const context: SourceContext = { file: node.file, text: node.text, files: scan.files };
  for (const { logicalId, pair, path, loops } of resourceEntries(mapValue(contents, 'Resources'))) {
    const type = plainString(mapValue(pair.value, 'Type'));
    if (type === undefined) continue;
    const section =
      type === 'AWS::Serverless::Function'
        ? 'Function'
        : type === 'AWS::Serverless::LayerVersion'
          ? 'LayerVersion'
          : undefined;
    const resource: ResourceScan = {
      node,
      context,
      logicalId,
      id: [...node.stackPath, logicalId].join('/'),
      type,
      resource: pair.value as Node,
      globals: section === undefined ? undefined : valueAt(contents, ['Globals', section]),
      path,
      loops,
    };
    scanResource(resource, scan);
  }
  scanMetadataFiles(node, context, scan);
  for (const include of findIncludes(contents, context)) {
    if ('diagnostic' in include.result) {
      scan.diagnostics.push(include.result.diagnostic);
      continue;
    }
    // Recorded under the resource (or the section) that holds it, for progress lines and ids.
    const owner = (include.at[0] === 'Resources' ? include.at[1] : include.at[0]) ?? 'Resources';
    scan.artifacts.push({
      id: [...node.stackPath, owner].join('/'),
      logicalId: owner,
      stackPath: [...node.stackPath],
      templateFile: node.file,
      resourceType: INCLUDE_TRANSFORM,
      property: 'Location',
      source: include.result.source,
      position: nodePosition(context.text, include.value, context.file),
      codeSigningConfigArn: false,
      fromGlobals: false,
      at: include.at,
    });
  }
}

/**
 * Files named in the template's top-level `Metadata` (the Serverless Application Repository's
 * license and readme), recorded under the id `Metadata` with the key path `at` to their entry.
 */
function scanMetadataFiles(node: TemplateNode, context: SourceContext, scan: ArtifactScan): void {
  for (const { key: type, pair } of mapEntries(mapValue(node.document.contents, 'Metadata'))) {
    for (const { property, label, value, form } of metadataFileValues(type, pair.value)) {
      const result = resolveFileSource(value, context, form, label, `Metadata.${type}`);
      if (result === undefined) continue;
      if ('diagnostic' in result) {
        scan.diagnostics.push(result.diagnostic);
        continue;
      }
      scan.artifacts.push({
        id: [...node.stackPath, 'Metadata'].join('/'),
        logicalId: 'Metadata',
        stackPath: [...node.stackPath],
        templateFile: node.file,
        resourceType: type,
        property,
        source: result.source,
        position: nodePosition(context.text, value, context.file),
        codeSigningConfigArn: false,
        fromGlobals: false,
        at: ['Metadata', type],
      });
    }
  }
}

function scanResource(r: ResourceScan, scan: ScanState): void {
  scanFileProperties(r, scan);
  switch (r.type) {
    case 'AWS::Serverless::Function':
      return scanServerlessFunction(r, scan);
    case 'AWS::Lambda::Function':
      return scanLambdaCode(r, scan, 'Code', true);
    case 'AWS::Serverless::LayerVersion':
      return scanCodeProperty(r, scan, 'ContentUri', false);
    case 'AWS::Lambda::LayerVersion':
      return scanLambdaCode(r, scan, 'Content', false);
  }
  const nestedProperty = NESTED_TEMPLATE_PROPERTIES[r.type];
  if (nestedProperty !== undefined && r.loops.length > 0) return refuseNestedInLoop(r, scan, nestedProperty);
  const child = r.node.children.get(r.logicalId);
  if (nestedProperty === undefined || child === undefined) return;
  scanNode(child, scan);
  const value = property(r, nestedProperty);
  push(r, scan, nestedProperty, { kind: 'template', path: child.file }, value, false, false);
}

function scanServerlessFunction(r: ResourceScan, scan: ArtifactScan): void {
  const signed = hasProperty(r, 'CodeSigningConfigArn', true);
  const inline = property(r, 'InlineCode');
  if (inline !== undefined) return push(r, scan, 'InlineCode', { kind: 'inline' }, inline, signed, false);
  const packageType = property(r, 'PackageType') ?? mapValue(r.globals, 'PackageType');
  const imageUri = property(r, 'ImageUri') ?? mapValue(r.globals, 'ImageUri');
  if (plainString(packageType) === 'Image' || (imageUri !== undefined && property(r, 'CodeUri') === undefined)) {
    const at = imageUri === undefined ? 'PackageType' : 'ImageUri';
    return push(r, scan, at, { kind: 'image' }, imageUri ?? packageType, signed, false);
  }
  scanCodeProperty(r, scan, 'CodeUri', signed);
}

/** `CodeUri`/`ContentUri`: the resource's own value, else the one in Globals. */
function scanCodeProperty(r: ResourceScan, scan: ArtifactScan, name: 'CodeUri' | 'ContentUri', signed: boolean): void {
  const own = property(r, name);
  const global = own === undefined ? mapValue(r.globals, name) : undefined;
  const value = own ?? global;
  if (value === undefined) {
    const where =
      r.globals === undefined
        ? ''
        : ` (nor does Globals.${r.type === 'AWS::Serverless::Function' ? 'Function' : 'LayerVersion'})`;
    scan.diagnostics.push({
      severity: 'error',
      code: 'TEMPLATE_CODE_MISSING',
      message: `${r.id} (${r.type}) has no ${name}${where}; it needs a local path or an S3 location`,
      position: nodePosition(r.context.text, r.resource, r.context.file),
    });
    return;
  }
  if (own !== undefined && scanPerItem(r, scan, name, own, signed)) return;
  if (dependsOnLoop(r, scan, name, value)) return;
  const result = resolveCodeSource(value, r.context, SAM_S3_FIELDS, name, r.id);
  if ('diagnostic' in result) scan.diagnostics.push(result.diagnostic);
  else push(r, scan, name, result.source, value, signed, global !== undefined);
}

/** `Code`/`Content` of Lambda resources: a local path string, an S3 object, or ZipFile/ImageUri. */
function scanLambdaCode(r: ResourceScan, scan: ArtifactScan, name: 'Code' | 'Content', isFunction: boolean): void {
  const signed = isFunction && hasProperty(r, 'CodeSigningConfigArn', false);
  const value = property(r, name);
  if (isFunction && plainString(property(r, 'PackageType')) === 'Image') {
    return push(r, scan, name, { kind: 'image' }, value ?? property(r, 'PackageType'), signed, false);
  }
  if (value === undefined) {
    scan.diagnostics.push({
      severity: 'error',
      code: 'TEMPLATE_CODE_MISSING',
      message: `${r.id} (${r.type}) has no ${name}; it needs a local path or an S3 location`,
      position: nodePosition(r.context.text, r.resource, r.context.file),
    });
    return;
  }
  if (mapValue(value, 'ZipFile') !== undefined) return push(r, scan, name, { kind: 'inline' }, value, signed, false);
  if (mapValue(value, 'ImageUri') !== undefined) return push(r, scan, name, { kind: 'image' }, value, signed, false);
  if (dependsOnLoop(r, scan, name, value)) return;
  const result = resolveCodeSource(value, r.context, LAMBDA_S3_FIELDS, name, r.id);
  if ('diagnostic' in result) scan.diagnostics.push(result.diagnostic);
  else push(r, scan, name, result.source, value, signed, false);
}

/**
 * Definitions, schemas, scripts and packages named by a local path: uploaded as files, as
 * `aws cloudformation package` does. A nested one (`Command.ScriptLocation`,
 * `Functions.<name>.CodeUri`) records `at`, the keys to the mapping that holds it.
 */
function scanFileProperties(r: ResourceScan, scan: ArtifactScan): void {
  for (const found of filePropertyValues(r.type, valueAt(r.resource, ['Properties']))) {
    const { property: name, value, form, label, zipsFolders } = found;
    if (dependsOnLoop(r, scan, label, value)) continue;
    const result = resolveFileSource(value, r.context, form, label, r.id, zipsFolders);
    if (result === undefined) continue;
    if ('diagnostic' in result) scan.diagnostics.push(result.diagnostic);
    else {
      const at = found.parents.length ? [...r.path, 'Properties', ...found.parents] : undefined;
      push(r, scan, name, result.source, value, false, false, at);
    }
  }
}

function property(r: ResourceScan, name: string): Node | undefined {
  return valueAt(r.resource, ['Properties', name]);
}

function hasProperty(r: ResourceScan, name: string, viaGlobals: boolean): boolean {
  return property(r, name) !== undefined || (viaGlobals && mapValue(r.globals, name) !== undefined);
}

function push(
  r: ResourceScan,
  scan: ArtifactScan,
  name: ArtifactProperty,
  source: ArtifactSource,
  value: Node | undefined,
  codeSigningConfigArn: boolean,
  fromGlobals: boolean,
  at?: string[],
  extra: Pick<Artifact, 'forEachItem'> = {},
): void {
  scan.artifacts.push({
    ...extra,
    id: r.id,
    logicalId: r.logicalId,
    stackPath: [...r.node.stackPath],
    templateFile: r.node.file,
    resourceType: r.type,
    property: name,
    source,
    position: nodePosition(r.context.text, value ?? r.resource, r.context.file),
    codeSigningConfigArn,
    fromGlobals,
    ...(at ? { at } : {}),
    ...(r.loops.length > 0 ? { resourceAt: r.path } : {}),
    ...(source.kind === 'directory' && r.type !== 'AWS::Lambda::LayerVersion'
      ? { build: readBuildInfo(r.resource, r.globals, r.type, r.context) }
      : {}),
  });
}

/**
 * A loop's resource is packaged once, as written, for every item: a path that names the loop's
 * identifier would be a different artifact per item, which the one rewritten value in the loop
 * cannot name. Reported, and true, for such a value.
 */
function dependsOnLoop(r: ResourceScan, scan: ArtifactScan, name: string, value: Node): boolean {
  const loop = mentionedIdentifier(value, r.loops);
  if (loop === undefined) return false;
  scan.diagnostics.push({
    severity: 'error',
    code: 'TEMPLATE_FOREACH_ARTIFACT',
    message: `${name} of ${r.id} (${r.type}) depends on ${loop.identifier}, the identifier of ${loop.key}: code that differs per item is packaged (one zip per item) only for a SAM CodeUri or ContentUri written as a path that names the identifier of the innermost loop, over a list written out in the template; put this code in one folder for every item, or write the collection out`,
    position: nodePosition(r.context.text, value, r.context.file),
  });
  return true;
}

/** A generated mapping's keys are the loop's items: CloudFormation takes letters, digits, `_` and `-` there. */
const MAPPING_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * A SAM `CodeUri`/`ContentUri` written as a path that names the innermost loop's identifier, over a
 * collection written out in the template: one artifact per item, each its own folder, as `sam
 * package` packages it (see `forEachItem`). True when it took the value; anything else (an
 * intrinsic, an outer loop's identifier, a collection known only at deploy time) is left to
 * {@link dependsOnLoop}, which refuses it.
 */
function scanPerItem(
  r: ResourceScan,
  scan: ArtifactScan,
  name: 'CodeUri' | 'ContentUri',
  value: Node,
  signed: boolean,
): boolean {
  const loop = r.loops.at(-1);
  const path = plainString(value);
  if (loop?.items === undefined || path === undefined || mentionedIdentifier(value, [loop]) === undefined) return false;
  if (mentionedIdentifier(value, r.loops.slice(0, -1)) !== undefined) return false;
  if (!loop.items.every((item) => MAPPING_KEY.test(item))) return false;
  const mapping = `SAM${name}${r.loops.map((l) => l.key.slice(FOR_EACH_PREFIX.length)).join('')}`;
  for (const item of loop.items) {
    const logicalId = substituteItem(r.logicalId, loop.identifier, item);
    const itemValue = new Scalar(substituteItem(path, loop.identifier, item));
    itemValue.range = value.range ?? null;
    const id = [...r.node.stackPath, logicalId].join('/');
    const result = resolveCodeSource(itemValue, r.context, SAM_S3_FIELDS, name, id);
    if ('diagnostic' in result) {
      scan.diagnostics.push(result.diagnostic);
      continue;
    }
    push({ ...r, logicalId, id }, scan, name, result.source, value, signed, false, undefined, {
      forEachItem: { mapping, key: item, identifier: loop.identifier },
    });
  }
  return true;
}

/** Nested templates inside a loop are not loaded, so their local paths could not be packaged. */
function refuseNestedInLoop(r: ResourceScan, scan: ArtifactScan, property: string): void {
  const value = valueAt(r.resource, ['Properties', property]);
  const text = plainString(value);
  if (text === undefined || /^(https?|s3):\/\//.test(text)) return; // already uploaded: nothing to package
  scan.diagnostics.push({
    severity: 'error',
    code: 'TEMPLATE_FOREACH_ARTIFACT',
    message: `${r.id} (${r.type}) is a nested stack inside ${r.loops.at(-1)!.key}: its local ${property} cannot be packaged there; upload the template and give its URL, or declare the stack without the loop`,
    position: nodePosition(r.context.text, value ?? r.resource, r.context.file),
  });
}
