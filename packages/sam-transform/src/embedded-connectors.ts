import { isPlainObject } from '@toolkit/intrinsics';
import { validateConnectorProperties } from './sam-connector.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { supportedAttributes } from './sam-scope.ts';

const CONNECTOR_TYPE = 'AWS::Serverless::Connector';

/**
 * A resource's embedded `Connectors` become `AWS::Serverless::Connector` resources named
 * `<Resource><Connector>` with the resource as `Source` (plus its `SourceReference`), added after
 * the template's resources; every `Connectors` attribute is removed. Returns the new resources
 * and samtranslator's messages for the connectors it could not make.
 */
export function expandEmbeddedConnectors(resources: Readonly<Record<string, unknown>>): {
  resources: Record<string, unknown>;
  errors: string[];
} {
  const errors: string[] = [];
  const connectors: Record<string, unknown> = {};
  const result: Record<string, unknown> = {};
  for (const [sourceId, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || !('Connectors' in resource)) {
      result[sourceId] = resource;
      continue;
    }
    const { Connectors: embedded, ...rest } = resource;
    result[sourceId] = rest;
    if (!isPlainObject(embedded)) {
      errors.push(new SamResourceError(sourceId, `Attribute '${sourceId}.Connectors' should be a map.`).message);
      continue;
    }
    for (const [name, connector] of Object.entries(embedded)) {
      const id = sourceId + name;
      try {
        if (!isPlainObject(connector)) throw new SamResourceError(id, `${sourceId}.${id} should be a map.`);
        const made = connectorResource(sourceId, name, id, connector);
        if (Object.hasOwn(resources, id))
          throw new SamResourceError(
            undefined,
            `Transforming resource with id [${sourceId}] attempts to create a new resource with id [${id}] and type "${CONNECTOR_TYPE}". A resource with that id already exists within this template. Please use a different id for that resource.`,
          );
        connectors[id] = made;
      } catch (error) {
        if (!(error instanceof SamResourceError)) throw error;
        errors.push(error.message);
      }
    }
  }
  return { resources: { ...result, ...connectors }, errors };
}

function connectorResource(
  sourceId: string,
  name: string,
  id: string,
  connector: Record<string, unknown>,
): Record<string, unknown> {
  const given = connector['Properties'];
  if (!isPlainObject(given))
    throw new SamResourceError(sourceId, `Attribute 'Connectors.${name}.Properties' should be a map.`);
  const properties: Record<string, unknown> = { ...structuredClone(given), Source: { Id: sourceId } };
  if ('SourceReference' in properties) {
    const reference = properties['SourceReference'];
    if (!isPlainObject(reference))
      throw new SamResourceError(sourceId, `Property 'Connectors.${name}.Properties.SourceReference' should be a map.`);
    // samtranslator names the connector without its source's id here.
    if ('Id' in reference) throw new SamResourceError(name, "'Id' shouldn't be defined in 'SourceReference'.");
    properties['Source'] = { Id: sourceId, ...reference };
    delete properties['SourceReference'];
  }
  validateConnectorProperties(id, properties);
  const made: Record<string, unknown> = { Type: CONNECTOR_TYPE, Properties: properties };
  if ('DependsOn' in connector) made['DependsOn'] = connector['DependsOn'];
  return { ...made, ...supportedAttributes(connector) };
}
