import schemas from './emulated-type-schemas.json' with { type: 'json' };
import { isCustomResourceType } from './not-emulated-provider.ts';
import type { ResourceSpec, SpecProperty, SpecResource, SpecType, SpecTypeDefinition } from './resource-spec.ts';

/** The schemas of some resource types: their properties and every nested type they use. */
export interface TypeSchemas {
  resources: Record<string, { properties: Record<string, SpecProperty> }>;
  typeDefinitions: Record<string, SpecTypeDefinition>;
}

/**
 * The schemas of the types real providers serve, as the specification gives them, kept in a
 * small file (`scripts/write-emulated-schemas.ts` writes it): checking a template of Lambda, IAM,
 * S3 and Signer resources never loads the whole specification (1.3 s, 100 MB).
 */
export function emulatedTypeSpec(): ResourceSpec {
  const known = schemas as unknown as TypeSchemas;
  const resources = new Map(Object.entries(known.resources));
  const definitions = new Map(Object.entries(known.typeDefinitions));
  return {
    resource(type): SpecResource | undefined {
      const found = resources.get(type);
      const name = type.split('::').at(-1) ?? type;
      return found && { cloudFormationType: type, name, properties: found.properties, attributes: {} };
    },
    typeDefinition: (ref) => definitions.get(ref),
  };
}

/** Extracts the schemas of `types` (custom resource types have none) from the loaded specification. */
export function extractTypeSchemas(spec: ResourceSpec, types: Iterable<string>): TypeSchemas {
  const result: TypeSchemas = { resources: {}, typeDefinitions: {} };
  const visit = (type: SpecType): void => {
    if (type.type === 'ref') {
      const ref = type.reference.$ref;
      const definition = spec.typeDefinition(ref);
      if (definition === undefined || Object.hasOwn(result.typeDefinitions, ref)) return;
      result.typeDefinitions[ref] = { name: definition.name, properties: {} };
      result.typeDefinitions[ref].properties = properties(definition.properties);
    } else if (type.type === 'array' || type.type === 'map') visit(type.element);
    else if (type.type === 'union') type.types.forEach(visit);
  };
  const properties = (declared: Record<string, SpecProperty>): Record<string, SpecProperty> => {
    const kept: Record<string, SpecProperty> = {};
    for (const [name, property] of Object.entries(declared).sort(([a], [b]) => a.localeCompare(b))) {
      visit(property.type);
      kept[name] = {
        type: property.type,
        ...(property.required ? { required: true } : {}),
        ...(property.causesReplacement ? { causesReplacement: property.causesReplacement } : {}),
      };
    }
    return kept;
  };
  for (const type of [...types].sort()) {
    const resource = isCustomResourceType(type) ? undefined : spec.resource(type);
    if (resource !== undefined) result.resources[type] = { properties: properties(resource.properties) };
  }
  return result;
}
