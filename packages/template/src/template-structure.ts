import type { Diagnostic } from '@toolkit/core';
import { isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import { nodePosition, positionAt } from './diagnostic-position.ts';
import { findPair, mapEntries, mapValue } from './node-access.ts';
import { unknownSectionDiagnostics } from './top-level-sections.ts';
import { declaresLanguageExtensions, FOR_EACH_PREFIX, LANGUAGE_EXTENSIONS, loopParts } from './for-each-loops.ts';

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
  const context: StructureContext = {
    text,
    file,
    languageExtensions: declaresLanguageExtensions(root),
    diagnostics,
  };
  checkResources(resources, [], context);
  return diagnostics;
}

interface StructureContext {
  text: string;
  file: string;
  /** Whether the template declares the transform `Fn::ForEach` needs. */
  languageExtensions: boolean;
  diagnostics: Diagnostic[];
}

/** Checks each resource of a mapping (`Resources`, or a loop's fragment) and each loop in it. */
function checkResources(map: YAMLMap, identifiers: readonly string[], context: StructureContext): void {
  const { text, file, diagnostics } = context;
  for (const { key, pair } of mapEntries(map)) {
    const keyPosition = nodePosition(text, pair.key as never, file);
    if (key.startsWith(FOR_EACH_PREFIX)) {
      checkLoop(key, pair.value, keyPosition, identifiers, context);
      continue;
    }
    if (identifiers.length > 0 && !identifiers.some((id) => key.includes(`\${${id}}`) || key.includes(`&{${id}}`))) {
      diagnostics.push(
        error(
          'TEMPLATE_FOREACH_KEY',
          `Resource key ${key} in a Fn::ForEach loop must hold the loop's identifier as \${${identifiers.at(-1)}} or &{${identifiers.at(-1)}}, or every item would give the same logical id`,
          keyPosition,
        ),
      );
    }
    // Inside a loop, findings carry loop codes: the local cloud leaves those to its own transform's checks.
    const inLoop = identifiers.length > 0;
    if (!isMap(pair.value)) {
      diagnostics.push(
        error(
          inLoop ? 'TEMPLATE_FOREACH_RESOURCE' : 'TEMPLATE_RESOURCE_NOT_MAPPING',
          `Resource ${key} must be a mapping with a Type`,
          keyPosition,
        ),
      );
    } else if (mapValue(pair.value, 'Type') === undefined) {
      diagnostics.push(
        error(
          inLoop ? 'TEMPLATE_FOREACH_RESOURCE' : 'TEMPLATE_RESOURCE_TYPE_MISSING',
          `Resource ${key} has no Type`,
          keyPosition,
        ),
      );
    }
  }
}

function checkLoop(
  key: string,
  value: unknown,
  keyPosition: Diagnostic['position'],
  identifiers: readonly string[],
  context: StructureContext,
): void {
  if (!context.languageExtensions) {
    context.diagnostics.push(
      error(
        'TEMPLATE_FOREACH_TRANSFORM',
        `${key} needs the ${LANGUAGE_EXTENSIONS} transform: declare it in Transform (before AWS::Serverless-2016-10-31)`,
        keyPosition,
      ),
    );
    return;
  }
  const parts = loopParts(value);
  if (parts === undefined) {
    context.diagnostics.push(
      error(
        'TEMPLATE_FOREACH_SHAPE',
        `${key} must be a list of three: an identifier, a collection, and a mapping of output keys to resources`,
        keyPosition,
      ),
    );
    return;
  }
  checkResources(parts.fragment as YAMLMap, [...identifiers, parts.identifier], context);
}

function error(code: string, message: string, position: Diagnostic['position']): Diagnostic {
  return { severity: 'error', code, message, position };
}
