import { isPlainObject, partitionOfRegion } from '@toolkit/intrinsics';
import type { SourceScalarTypes } from '@toolkit/template';
import { addImplicitRestApi, apiEventErrors, resourcesInSamtranslatorOrder } from './api-events.ts';
import { prepareHttpApis } from './http-api-plugin.ts';
import { codeDeployResources } from './sam-deployment-preference.ts';
import { expandEmbeddedConnectors } from './embedded-connectors.ts';
import { globalsErrors, mergeSamGlobals } from './sam-globals.ts';
import { rewriteReferences } from './sam-reference-rewrite.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { samErrorOrder } from './sam-document-error.ts';
import { SamTemplateError } from './sam-template-error.ts';
import { isValidLogicalId, mappingsError, templateStructureError } from './sam-template-checks.ts';
import {
  applicationWaitError,
  requestApplicationTemplates,
  type ServerlessApplicationRepository,
} from './serverless-app-repository.ts';
import { mayReuseId, SAM_RESOURCE_TYPES } from './sam-resource-types.ts';
import { isNonStringResourceKey } from './sam-source-types.ts';
import { usesPy27Dicts } from './py27-template.ts';
import type { SamScope } from './sam-scope.ts';
import { managedPolicyLookup } from './sam-managed-policies.ts';
import type { SamFeatureToggle } from './sam-feature-toggles.ts';

/** The transform name a template declares to be processed by `transformSam`. */
export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/**
 * Where and how the template is being deployed. Like samtranslator, the transform inlines only
 * `AWS::Region`, `AWS::Partition` and parameters; `accountId`/`stackName` do not change the output.
 */
export interface SamTransformOptions {
  region: string;
  accountId: string;
  /** Defaults to the region's partition. */
  partition?: string;
  stackName?: string;
  /** Parameter values given for the stack; template defaults fill the rest. */
  parameterValues?: Readonly<Record<string, unknown>>;
  /** Managed policy name → ARN, consulted first (samtranslator's caller-provided map). */
  managedPolicyArns?: Readonly<Record<string, string>>;
  /**
   * AWS's managed policies of the partition, name → ARN (samtranslator bundles IAM's list). Given,
   * a `Policies` name found in neither map stays as written, as samtranslator keeps it. Default: a
   * built-in table of the Lambda-related policies whose ARN has a path, and any other name becomes
   * `arn:<partition>:iam::aws:policy/<Name>`.
   */
  awsManagedPolicies?: Readonly<Record<string, string>>;
  /** samtranslator's feature toggles to turn on (all are off by default, as in its default configuration). */
  featureToggles?: readonly SamFeatureToggle[];
  /** Resolves `Application` locations in the Serverless Application Repository; without it they are errors. */
  serverlessApplicationRepository?: ServerlessApplicationRepository;
  /**
   * How the template's source wrote what plain data loses (`sourceScalarTypes` of `@toolkit/template`):
   * floats such as `swagger: 2.0` and non-string keys, which samtranslator sees as Python's loaders make them.
   */
  sourceTypes?: SourceScalarTypes;
}

/** The processed template, what of it will not run locally, and why it could not be transformed. */
export interface SamTransformResult {
  /** The CloudFormation template; when `errors` is not empty it is the input, unchanged. */
  template: Record<string, unknown>;
  /** One line per event source or feature kept out of the local deployment, e.g. `Fn: event Api (Api) is not emulated locally`. */
  notEmulated: string[];
  /** samtranslator's messages (`Resource with id [X] is invalid. …`), each once, in samtranslator's order. */
  errors: string[];
}

/**
 * The `AWS::Serverless-2016-10-31` transform on a plain (long-form) template, matching samtranslator
 * for Function, LayerVersion and Application. Other `AWS::Serverless::*` types are errors; event
 * sources and DeploymentPreference/EventInvokeConfig/FunctionUrlConfig are left out and listed in
 * `notEmulated`. Pure: the input is not modified.
 */
export function transformSam(
  template: Readonly<Record<string, unknown>>,
  options: SamTransformOptions,
): SamTransformResult {
  const input = structuredClone(template) as Record<string, unknown>;
  const structureError = templateStructureError(input);
  const errors = structureError === undefined ? globalsErrors(input) : [structureError];
  if (errors.length > 0)
    return {
      template: structuredClone(template) as Record<string, unknown>,
      notEmulated: [],
      errors: samErrorOrder(errors),
    };

  const pluginErrors = apiEventErrors(isPlainObject(input['Resources']) ? input['Resources'] : {});
  if (pluginErrors.length > 0)
    return {
      template: structuredClone(template) as Record<string, unknown>,
      notEmulated: [],
      errors: samErrorOrder(pluginErrors),
    };
  addImplicitRestApi(input);
  const httpApiErrors = prepareHttpApis(input);
  const mappingsProblem = mappingsError(input);
  if (httpApiErrors.length === 0 && mappingsProblem !== undefined) httpApiErrors.push(mappingsProblem);
  if (httpApiErrors.length > 0)
    return {
      template: structuredClone(template) as Record<string, unknown>,
      notEmulated: [],
      errors: samErrorOrder(httpApiErrors),
    };
  const merged = mergeSamGlobals(input);
  const embedded = expandEmbeddedConnectors(isPlainObject(merged['Resources']) ? merged['Resources'] : {});
  errors.push(...embedded.errors);
  const sourceResources = embedded.resources;
  const output: Record<string, unknown> = { ...merged, Resources: { ...sourceResources } };
  delete output['Transform'];
  const outputResources = output['Resources'] as Record<string, unknown>;
  const notEmulated: string[] = [];
  const changedIds: Record<string, string> = {};
  const properties: Record<string, string> = {};
  const parameters = transformParameters(merged, options);
  const mappings = isPlainObject(merged['Mappings']) ? merged['Mappings'] : {};
  const repository = options.serverlessApplicationRepository;
  let applications: ReturnType<typeof requestApplicationTemplates>;
  try {
    applications = requestApplicationTemplates(sourceResources, { parameters, mappings }, repository);
  } catch (error) {
    // samtranslator's application plugin runs before any resource: a document error there ends the transform.
    if (!(error instanceof SamTemplateError)) throw error;
    return { template: structuredClone(template) as Record<string, unknown>, notEmulated, errors: [error.message] };
  }
  const scope: SamScope = {
    parameters,
    applications,
    partition: options.partition ?? partitionOfRegion(options.region),
    managedPolicies: managedPolicyLookup(options.managedPolicyArns, options.awsManagedPolicies),
    featureToggles: new Set(options.featureToggles),
    resources: sourceResources,
    sourceTypes: options.sourceTypes,
    output: outputResources,
    mappings,
    deploymentPreferences: new Map(),
    recordSetGroups: new Map(),
    conditions: () => (isPlainObject(output['Conditions']) ? output['Conditions'] : undefined),
    addCondition: (name, definition) => {
      output['Conditions'] = {
        ...(isPlainObject(output['Conditions']) ? output['Conditions'] : {}),
        [name]: definition,
      };
    },
    notEmulated: (message) => {
      if (!notEmulated.includes(message)) notEmulated.push(message);
    },
  };

  // samtranslator makes every logical id a string only when it converts the template to Python 2.7 dicts.
  const py27Ids = usesPy27Dicts(sourceResources);
  for (const [logicalId, resource] of orderedSamResources(sourceResources)) {
    const type = resource['Type'] as string;
    const handler = SAM_RESOURCE_TYPES.get(type);
    if (handler === undefined) {
      errors.push(`Resource with id [${logicalId}] is invalid. ${type} is not supported by the local SAM transform.`);
      continue;
    }
    try {
      if (!isValidLogicalId(logicalId) || (isNonStringResourceKey(logicalId, options.sourceTypes) && !py27Ids))
        throw new SamResourceError(logicalId, 'Logical ids must be alphanumeric.');
      if ('Properties' in resource && !isPlainObject(resource['Properties'])) {
        throw new SamResourceError(logicalId, "Attribute 'Properties' should be a map.");
      }
      const expansion = handler.transform(logicalId, resource, scope);
      delete outputResources[logicalId];
      for (const [id, generated] of Object.entries(expansion.resources)) {
        const existing = sourceResources[id];
        if (isPlainObject(existing) && id !== logicalId && !mayReuseId(generated['Type'], existing['Type'])) {
          errors.push(
            `Transforming resource with id [${logicalId}] attempts to create a new resource with id [${id}] and type "${String(generated['Type'])}". A resource with that id already exists within this template. Please use a different id for that resource.`,
          );
          continue;
        }
        outputResources[id] = generated;
      }
      if (expansion.newLogicalId !== undefined) changedIds[logicalId] = expansion.newLogicalId;
      for (const [property, target] of Object.entries(expansion.referableProperties ?? {}))
        properties[`${logicalId}.${property}`] = target;
    } catch (error) {
      // A body samtranslator cannot edit ends the transform with that one error.
      if (error instanceof SamTemplateError)
        return { template: structuredClone(template) as Record<string, unknown>, notEmulated, errors: [error.message] };
      if (!(error instanceof SamResourceError)) throw error;
      errors.push(error.logicalId === undefined ? error.reason : error.message);
    }
  }

  try {
    const codeDeploy = codeDeployResources(scope.deploymentPreferences, scope.partition);
    Object.assign(outputResources, codeDeploy.resources);
    // samtranslator adds the combined condition only to a Conditions section the template already has.
    if (isPlainObject(output['Conditions'])) Object.assign(output['Conditions'], codeDeploy.conditions);
  } catch (error) {
    if (!(error instanceof SamResourceError)) throw error;
    errors.push(error.message);
  }

  const waitError = applicationWaitError(scope.applications, repository);
  if (waitError !== undefined) errors.push(waitError);

  if (errors.length > 0)
    return {
      template: structuredClone(template) as Record<string, unknown>,
      notEmulated,
      errors: samErrorOrder(errors),
    };
  return { template: rewriteReferences(output, { changedIds, properties }), notEmulated, errors };
}

/** True when the template's Transform (a string or a list) includes the SAM transform. */
export function usesSamTransform(template: Readonly<Record<string, unknown>>): boolean {
  const transform = template['Transform'];
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

/**
 * Functions first, then the other SAM resources, connectors last, as samtranslator orders them: in template
 * order, or in Python 2.7 dict order when the template has an Api (samtranslator then converts Resources to a
 * Py27Dict).
 */
function orderedSamResources(resources: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  const sam = resourcesInSamtranslatorOrder(resources).filter(
    (entry): entry is [string, Record<string, unknown>] =>
      isPlainObject(entry[1]) &&
      typeof entry[1]['Type'] === 'string' &&
      entry[1]['Type'].startsWith('AWS::Serverless::'),
  );
  const isFunction = ([, resource]: [string, Record<string, unknown>]) =>
    resource['Type'] === 'AWS::Serverless::Function';
  // Connectors read the CloudFormation resources the others generate, so they go last.
  const isConnector = ([, resource]: [string, Record<string, unknown>]) =>
    resource['Type'] === 'AWS::Serverless::Connector';
  return [
    ...sam.filter(isFunction),
    ...sam.filter((entry) => !isFunction(entry) && !isConnector(entry)),
    ...sam.filter(isConnector),
  ];
}

/** Template defaults, given values, then `AWS::Region` and `AWS::Partition`, as samtranslator resolves them. */
function transformParameters(template: Record<string, unknown>, options: SamTransformOptions): Record<string, unknown> {
  const values: Record<string, unknown> = { ...options.parameterValues };
  const declared = isPlainObject(template['Parameters']) ? template['Parameters'] : {};
  for (const [name, declaration] of Object.entries(declared)) {
    if (!(name in values) && isPlainObject(declaration) && 'Default' in declaration)
      values[name] = declaration['Default'];
  }
  values['AWS::Region'] ??= options.region;
  values['AWS::Partition'] ??= options.partition ?? partitionOfRegion(options.region);
  return values;
}
