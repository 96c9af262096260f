import { isPlainObject } from '@toolkit/intrinsics';
import { SamTemplateError } from './sam-template-error.ts';

/**
 * samtranslator's checks on the document's structure before any plugin runs (`Parser.validate_datatypes`,
 * and `SamResource` reading each resource's Condition): the message of the first failure, else undefined.
 */
export function templateStructureError(template: Readonly<Record<string, unknown>>): string | undefined {
  const resources = template['Resources'];
  if (!isPlainObject(resources) || Object.keys(resources).length === 0)
    return new SamTemplateError("'Resources' section is required").message;
  if (!Object.values(resources).every(isPlainObject))
    return new SamTemplateError(
      "All 'Resources' must be Objects. If you're using YAML, this may be an indentation issue.",
    ).message;
  for (const resource of Object.values(resources))
    if ('Condition' in (resource as object) && typeof (resource as Record<string, unknown>)['Condition'] !== 'string')
      return new SamTemplateError('Every Condition member must be a string.').message;
  return undefined;
}

/** The intrinsics resolver samtranslator builds over `Mappings` refuses a Mappings section that is not a map. */
export function mappingsError(template: Readonly<Record<string, unknown>>): string | undefined {
  if ('Mappings' in template && !isPlainObject(template['Mappings']))
    return new SamTemplateError("'Mappings' or 'Parameters' is either null or not a valid dictionary.").message;
  return undefined;
}

/** samtranslator's `_validate_logical_id`: a SAM resource's id must be ASCII letters and digits. */
export function isValidLogicalId(logicalId: string): boolean {
  return /^[A-Za-z0-9]+$/.test(logicalId);
}
