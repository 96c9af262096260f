import type { IntrinsicErrorCode } from './intrinsic-error.ts';
import { isPlainObject } from './intrinsic-shape.ts';
import { isPseudoParameter } from './pseudo-parameters.ts';
import { walkReferences, type TemplateReference } from './reference-walker.ts';

/** A reference in a template that points at nothing the template defines. */
export interface TemplateReferenceProblem {
  code: IntrinsicErrorCode;
  /** CloudFormation's words for it. */
  message: string;
  block: 'Resources' | 'Outputs' | 'Conditions';
  /** The resource, output or condition that holds the reference. */
  logicalId: string;
  /** The name that does not resolve. */
  reference: string;
}

/**
 * Lists unresolved references: Ref/Fn::Sub/DependsOn to unknown names, Fn::GetAtt to unknown
 * resources, unknown conditions (resource `Condition`, Fn::If, `{Condition}`), literal
 * Fn::FindInMap map names missing from Mappings, and Conditions that reference resources.
 */
export function validateTemplateReferences(template: Readonly<Record<string, unknown>>): TemplateReferenceProblem[] {
  const section = (name: string): Record<string, unknown> => (isPlainObject(template[name]) ? template[name] : {});
  const parameters = section('Parameters');
  const resources = section('Resources');
  const conditions = section('Conditions');
  const mappings = section('Mappings');
  const problems: TemplateReferenceProblem[] = [];
  const isValue = (name: string) => Object.hasOwn(parameters, name) || isPseudoParameter(name);

  const check = (block: TemplateReferenceProblem['block'], logicalId: string) => (reference: TemplateReference) => {
    const add = (code: IntrinsicErrorCode, message: string, name: string) =>
      problems.push({ code, message, block, logicalId, reference: name });
    switch (reference.kind) {
      case 'Ref':
      case 'Sub': {
        const name = reference.name;
        const isResource = Object.hasOwn(resources, name);
        if (block === 'Conditions' && (isResource || !isValue(name))) {
          add(
            'INTRINSIC_CONDITION_REFERENCES_RESOURCE',
            `Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`,
            name,
          );
        } else if (reference.kind === 'Sub' && reference.attribute && !isResource) {
          add(
            'INTRINSIC_UNDEFINED_RESOURCE',
            `Template error: instance of Fn::Sub references undefined resource ${name}`,
            name,
          );
        } else if (!isResource && !isValue(name)) {
          add(
            'INTRINSIC_UNRESOLVED_REFERENCE',
            `Template format error: Unresolved resource dependencies [${name}] in the ${block} block of the template`,
            name,
          );
        }
        return;
      }
      case 'GetAtt':
        if (!Object.hasOwn(resources, reference.name)) {
          add(
            'INTRINSIC_UNDEFINED_RESOURCE',
            `Template error: instance of Fn::GetAtt references undefined resource ${reference.name}`,
            reference.name,
          );
        }
        return;
      case 'If':
        if (!Object.hasOwn(conditions, reference.condition)) {
          add(
            'INTRINSIC_UNRESOLVED_CONDITION',
            `Template error: unresolved condition dependency ${reference.condition} in Fn::If`,
            reference.condition,
          );
        }
        return;
      case 'Condition':
        if (!Object.hasOwn(conditions, reference.condition)) {
          add(
            'INTRINSIC_UNRESOLVED_CONDITION',
            `Template format error: Unresolved condition dependencies [${reference.condition}] in the ${block} block of the template`,
            reference.condition,
          );
        }
        return;
      case 'FindInMap':
        if (!Object.hasOwn(mappings, reference.map)) {
          add(
            'INTRINSIC_MAPPING_NOT_FOUND',
            `Template error: Unable to get mapping for ${reference.map}`,
            reference.map,
          );
        }
        return;
    }
  };

  for (const [name, definition] of Object.entries(conditions))
    walkReferences(definition, check('Conditions', name), true);
  for (const [logicalId, body] of Object.entries(resources)) {
    if (!isPlainObject(body)) continue;
    const visit = check('Resources', logicalId);
    const dependsOn = body['DependsOn'];
    for (const name of Array.isArray(dependsOn) ? dependsOn : dependsOn === undefined ? [] : [dependsOn]) {
      if (typeof name !== 'string' || !Object.hasOwn(resources, name)) {
        problems.push({
          code: 'INTRINSIC_UNRESOLVED_REFERENCE',
          message: `Template format error: Unresolved resource dependencies [${String(name)}] in the Resources block of the template`,
          block: 'Resources',
          logicalId,
          reference: String(name),
        });
      }
    }
    if (typeof body['Condition'] === 'string') visit({ kind: 'Condition', condition: body['Condition'] });
    for (const key of ['Properties', 'UpdatePolicy', 'CreationPolicy']) walkReferences(body[key], visit);
  }
  for (const [name, output] of Object.entries(section('Outputs'))) {
    const visit = check('Outputs', name);
    if (isPlainObject(output) && typeof output['Condition'] === 'string')
      visit({ kind: 'Condition', condition: output['Condition'] });
    if (isPlainObject(output)) {
      walkReferences(output['Value'], visit);
      walkReferences(output['Export'], visit);
    }
  }
  return problems;
}
