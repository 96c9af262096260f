import type { PseudoParameters } from '@toolkit/intrinsics';
import { capabilityError } from './capabilities.ts';
import { planChanges } from './change-set-planner.ts';
import type { DeployTarget } from './deploy-operation.ts';
import { buildGraph, findCycle } from './dependency-graph.ts';
import type { ParameterValue, ResourceChange, StackRecord } from './model.ts';
import { resolveParameters, type ParameterInput } from './parameters.ts';
import type { AwsClients } from './providers/aws-clients.ts';
import { emulatedTypeSpec } from './providers/emulated-type-schemas.ts';
import type { ProviderCatalog } from './providers/provider-catalog.ts';
import { dependencyMap, resourceDefinitions, unsupportedTypes } from './resource-definitions.ts';
import { ResolutionScope } from './resolution-scope.ts';
import { propertiesValidationMessage, schemaViolations } from './schema-check.ts';
import { templateFormatError, validationError } from './template-errors.ts';
import { setAsideGeneratedNotEmulated } from './generated-not-emulated.ts';
import { expandIncludes } from './include-transform.ts';
import { parseTemplateBody, processTemplate, type ProcessedTemplate } from './template-processing.ts';
import { fetchTemplate } from './template-url.ts';
import type { ServiceError } from '../../service-error.ts';

/** The template and settings of a CreateStack, UpdateStack or CreateChangeSet call. */
export interface DeploymentRequest {
  stackName: string;
  stackId: string;
  templateBody?: string;
  templateUrl?: string;
  usePreviousTemplate?: boolean;
  parameters: ParameterInput[];
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  notificationArns: string[];
  disableRollback: boolean;
  roleArn?: string;
  timeoutInMinutes?: number;
}

/** What preparation needs from the engine. */
export interface PreparationDeps {
  region: string;
  accountId: string;
  clients: AwsClients;
  providers: ProviderCatalog;
  importValue(name: string): string | undefined;
}

/** A prepared deployment: the target to apply and the changes it makes against the deployed stack. */
export interface PreparedDeployment {
  target: DeployTarget;
  processed: ProcessedTemplate;
  changes: ResourceChange[];
}

/** The template text of a request: body, URL (read from the local S3) or the stack's current one. */
export async function templateTextOf(
  deps: PreparationDeps,
  request: DeploymentRequest,
  existing: StackRecord | undefined,
): Promise<string> {
  const given = [
    request.templateBody !== undefined,
    request.templateUrl !== undefined,
    request.usePreviousTemplate === true,
  ].filter(Boolean);
  if (given.length > 1)
    throw validationError('You cannot specify more than one of TemplateBody, TemplateURL and UsePreviousTemplate.');
  if (request.templateBody !== undefined) return request.templateBody;
  if (request.templateUrl !== undefined) return fetchTemplate(deps.clients, request.templateUrl);
  if (request.usePreviousTemplate) {
    if (!existing) throw validationError('UsePreviousTemplate cannot be used for a new stack.');
    return existing.templateBody;
  }
  throw validationError('Either Template URL or Template Body must be specified.');
}

/** An intrinsic-evaluation failure as the ValidationError CloudFormation returns. */
export function asValidationError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('INTRINSIC_')) return validationError((error as Error).message);
  return error;
}

/**
 * Processes a request's template and checks it as CloudFormation does before any work
 * starts: format, transform, resource types, capabilities (`direct` = CreateStack/UpdateStack,
 * which need CAPABILITY_AUTO_EXPAND for transforms), parameters, references and cycles.
 * Throws the API error; `onCapabilities` lets change sets turn a capability error into a FAILED status.
 */
export async function prepareDeployment(
  deps: PreparationDeps,
  request: DeploymentRequest,
  existing: StackRecord | undefined,
  direct: boolean,
): Promise<PreparedDeployment> {
  const body = await templateTextOf(deps, request, existing);
  const parameterValues: Record<string, unknown> = {};
  for (const input of request.parameters) {
    if (input.ParameterKey === undefined) continue;
    const previous = existing?.parameters.find((p) => p.key === input.ParameterKey)?.value;
    parameterValues[input.ParameterKey] = String(input.UsePreviousValue) === 'true' ? previous : input.ParameterValue;
  }
  const parsed = parseTemplateBody(body);
  await expandIncludes(parsed, deps.clients);
  const processed = processTemplate(
    body,
    { region: deps.region, accountId: deps.accountId, stackName: request.stackName, parameterValues },
    parsed,
  );
  await deps.providers.prepare(resourceDefinitions(processed.template).map((resource) => resource.type));
  setAsideGeneratedNotEmulated(processed, deps.providers);
  const unsupported = unsupportedTypes(processed.template, deps.providers);
  if (unsupported.length > 0) throw templateFormatError(`Unrecognized resource types: [${unsupported.join(', ')}]`);
  const capability: ServiceError | undefined = capabilityError(
    processed.template,
    processed.transforms,
    request.capabilities,
    direct,
  );
  if (capability) throw Object.assign(capability, { transformFailed: processed.transforms.length > 0 });
  const live = existing && existing.status !== 'REVIEW_IN_PROGRESS' ? existing : undefined;
  const parameters: ParameterValue[] = resolveParameters(processed.template, request.parameters, live?.parameters);
  const cycle = findCycle(buildGraph(dependencyMap(resourceDefinitions(processed.template))));
  if (cycle.length > 0) throw validationError(`Circular dependency between resources: [${cycle.join(', ')}]`);

  const pseudo: PseudoParameters = {
    region: deps.region,
    accountId: deps.accountId,
    stackName: request.stackName,
    stackId: request.stackId,
    notificationArns: request.notificationArns,
  };
  let changes: ResourceChange[];
  try {
    const scope = checkReferences(processed.template, parameters, pseudo, deps);
    checkSchemas(scope, deps.providers);
    changes = planChanges({
      template: processed.template,
      parameters,
      pseudo,
      providers: deps.providers,
      importValue: (name) => deps.importValue(name),
      deployed: live?.resources ?? {},
    });
  } catch (error) {
    throw asValidationError(error);
  }
  return {
    processed,
    changes,
    target: {
      templateBody: body,
      processedTemplate: processed.template,
      parameters,
      capabilities: request.capabilities,
      tags: request.tags,
      notificationArns: request.notificationArns,
      disableRollback: request.disableRollback,
      roleArn: request.roleArn,
      timeoutInMinutes: request.timeoutInMinutes,
      notEmulated: processed.notEmulated,
    },
  };
}

/** Resolves every property and output with all resources unknown, so bad references fail the call, not the deploy. */
function checkReferences(
  template: Record<string, unknown>,
  parameters: ParameterValue[],
  pseudo: PseudoParameters,
  deps: PreparationDeps,
): ResolutionScope {
  const scope = new ResolutionScope({
    template,
    parameters,
    pseudo,
    providers: deps.providers,
    resource: () => 'pending',
    importValue: (name) => deps.importValue(name),
  });
  const fatal = new Set([
    'INTRINSIC_UNSUPPORTED_ATTRIBUTE',
    'INTRINSIC_UNRESOLVED_REFERENCE',
    'INTRINSIC_UNDEFINED_RESOURCE',
    'INTRINSIC_UNSUPPORTED_FUNCTION',
    'INTRINSIC_EXPORT_NOT_FOUND',
    'INTRINSIC_MAPPING_NOT_FOUND',
  ]);
  const attempt = (value: unknown) => {
    try {
      scope.resolve(value);
    } catch (error) {
      // Functions applied to not-yet-known values fail here harmlessly; only reference errors count.
      if (fatal.has(String((error as { code?: unknown }).code))) throw error;
    }
  };
  for (const resource of scope.resources) attempt(resource.properties);
  const outputs = (template.Outputs ?? {}) as Record<string, Record<string, unknown>>;
  for (const output of Object.values(outputs)) {
    if (typeof output?.Condition === 'string' && scope.conditions[output.Condition] !== true) continue;
    attempt(output?.Value);
    attempt((output?.Export as { Name?: unknown } | undefined)?.Name);
  }
  return scope;
}

/**
 * Checks the properties of every resource against its type's schema before anything is created:
 * types real providers serve against the schemas kept with them, the others against the loaded
 * specification. The error fails CreateStack/UpdateStack, and a change set with `FAILED`.
 */
function checkSchemas(scope: ResolutionScope, providers: ProviderCatalog): void {
  const spec = providers.specification();
  const emulated = emulatedTypeSpec();
  for (const definition of scope.resources) {
    const typeSpec = providers.isEmulated(definition.type) ? emulated : spec;
    const resource = typeSpec?.resource(definition.type);
    if (typeSpec === undefined || resource === undefined) continue;
    let properties: Record<string, unknown>;
    try {
      properties = scope.properties(definition);
    } catch {
      // Functions over values not known yet: check what the template wrote.
      properties = definition.properties;
    }
    const violations = schemaViolations(typeSpec, resource.properties, properties);
    if (violations.length > 0) {
      throw Object.assign(validationError(propertiesValidationMessage(definition.logicalId, violations)), {
        schemaFailed: true,
      });
    }
  }
}

/** True for a template whose resource properties fail their schema: a change set reports it as FAILED. */
export function isSchemaFailure(error: unknown): boolean {
  return (error as { schemaFailed?: boolean } | null)?.schemaFailed === true;
}
