import type { Diagnostic } from '@toolkit/core';
import { isMap, isScalar, type Document } from 'yaml';
import { nodePosition, positionAt } from './diagnostic-position.ts';
import { findPair, mapEntries, mapValue } from './node-access.ts';
import { unknownSectionDiagnostics } from './top-level-sections.ts';

/**
 * Checks the shape every template needs: a root mapping of known sections, a `Resources`
 * mapping, a `Type` on each resource.
 */
export function checkTemplateStructure(document: Document, text: string, file: string): Diagnostic[] {
  const root = document.contents;
  if (root === null) {
    return [
      error(
        'TEMPLATE_RESOURCES_MISSING',
        'The template is empty: it has no Resources section',
        positionAt(text, 0, file),
      ),
    ];
  }
  if (!isMap(root)) {
    return [
      error(
        'TEMPLATE_NOT_MAPPING',
        'The template must be a mapping of sections (Resources, Parameters, ...)',
        nodePosition(text, root, file),
      ),
    ];
  }
  const unknown = unknownSectionDiagnostics(root, text, file);
  const resourcesPair = findPair(root, 'Resources');
  if (resourcesPair === undefined) {
    return [
      ...unknown,
      error(
        'TEMPLATE_RESOURCES_MISSING',
        'The template has no Resources section',
        positionAt(text, root.range?.[0] ?? 0, file),
      ),
    ];
  }
  const resources = mapValue(root, 'Resources');
  if (!isMap(resources)) {
    // An empty `Resources:` has a zero-width null node; point at the key instead.
    const at =
      resources === undefined || (isScalar(resources) && resources.value === null)
        ? (resourcesPair.key as never)
        : resources;
    return [
      ...unknown,
      error(
        'TEMPLATE_RESOURCES_NOT_MAPPING',
        'Resources must be a mapping of logical ids to resources',
        nodePosition(text, at, file),
      ),
    ];
  }
  const diagnostics: Diagnostic[] = unknown;
  for (const { key, pair } of mapEntries(resources)) {
    const keyPosition = nodePosition(text, pair.key as never, file);
    if (!isMap(pair.value)) {
      diagnostics.push(
        error('TEMPLATE_RESOURCE_NOT_MAPPING', `Resource ${key} must be a mapping with a Type`, keyPosition),
      );
    } else if (mapValue(pair.value, 'Type') === undefined) {
      diagnostics.push(error('TEMPLATE_RESOURCE_TYPE_MISSING', `Resource ${key} has no Type`, keyPosition));
    }
  }
  return diagnostics;
}

function error(code: string, message: string, position: Diagnostic['position']): Diagnostic {
  return { severity: 'error', code, message, position };
}
