import { isPlainObject } from '@toolkit/intrinsics';
import { FOR_EACH_PREFIX, LANGUAGE_EXTENSIONS } from '@toolkit/template';
import type { ServiceError } from '../../service-error.ts';
import { templateFormatError, validationError } from './template-errors.ts';

/** The transform that brings Fn::ForEach, Fn::Length and Fn::ToJsonString (the name the template package reads it by). */
export const LANGUAGE_EXTENSIONS_TRANSFORM = LANGUAGE_EXTENSIONS;
/** A loop is a key `Fn::ForEach::<LoopName>`. */
export { FOR_EACH_PREFIX };

/** A failed `AWS::LanguageExtensions` run, worded and flagged as the engine's other transform failures. */
export function languageExtensionsFailure(reason: string): ServiceError {
  return Object.assign(validationError(`Transform ${LANGUAGE_EXTENSIONS_TRANSFORM} failed with: ${reason}`), {
    transformFailed: true,
  });
}

/** One `Fn::ForEach::<name>` key as written, with the path of the map holding it. */
export interface LoopDeclaration {
  name: string;
  key: string;
  path: string;
}

/** Every loop key in the template as written (nested loops too), in document order. */
function findLoops(value: unknown, path: string, found: LoopDeclaration[]): LoopDeclaration[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => findLoops(item, `${path}/${index}`, found));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith(FOR_EACH_PREFIX)) found.push({ name: key.slice(FOR_EACH_PREFIX.length), key, path });
      findLoops(item, `${path}/${key}`, found);
    }
  }
  return found;
}

/**
 * The template's loops, checked before any expands: each sits in a section that allows loops
 * and has a name no other loop has (a loop nested in another is declared once however many
 * times it runs).
 */
export function loopDeclarations(template: Record<string, unknown>, sections: readonly string[]): LoopDeclaration[] {
  const loops = findLoops(template, '', []);
  const seen = new Map<string, string>();
  for (const loop of loops) {
    const section = loop.path.split('/')[1];
    if (section === undefined || !sections.includes(section))
      throw languageExtensionsFailure(
        `${loop.key} at ${loop.path || '/'} is not allowed there: Fn::ForEach may be used in Conditions, Resources, Outputs and resource properties.`,
      );
    if (!/^[A-Za-z0-9]+$/.test(loop.name))
      throw languageExtensionsFailure(`The loop name of ${loop.key} at ${loop.path} must be alphanumeric.`);
    const earlier = seen.get(loop.name);
    if (earlier !== undefined)
      throw languageExtensionsFailure(
        `Two loops are named ${loop.name} (at ${earlier} and at ${loop.path}); loop names must be unique.`,
      );
    seen.set(loop.name, loop.path);
  }
  return loops;
}

/**
 * The error for a template that uses Fn::ForEach without declaring the transform that
 * expands it (CloudFormation refuses the template as it would an unknown function).
 */
export function missingLanguageExtensions(template: Record<string, unknown>): ServiceError | undefined {
  const loop = findLoops(template, '', [])[0];
  if (loop === undefined) return undefined;
  return templateFormatError(
    `Unrecognized function ${loop.key} at ${loop.path || '/'}: Fn::ForEach needs the ${LANGUAGE_EXTENSIONS_TRANSFORM} transform in the template's Transform section.`,
  );
}
