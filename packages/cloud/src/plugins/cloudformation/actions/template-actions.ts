import { iamCapabilityNeed } from '../capabilities.ts';
import { requireChangeSet } from '../change-set-service.ts';
import { templateTextOf } from '../deployment-preparation.ts';
import type { CloudFormationEngine } from '../engine.ts';
import { parameterDeclarations } from '../parameters.ts';
import { requireStack } from '../stack-service.ts';
import { declaredTransforms, parseTemplateBody, processTemplate } from '../template-processing.ts';
import type { ActionHandler } from './action-types.ts';
import type { QueryInput } from './query-input.ts';
import { members } from './wire-shapes.ts';

/** The template text a summary/validation call names: body, URL, or a stack's current template. */
async function templateText(input: QueryInput, engine: CloudFormationEngine): Promise<string> {
  const stackName = input.string('StackName');
  if (stackName !== undefined) return requireStack(engine, stackName).templateBody;
  return templateTextOf(
    engine.preparationDeps(),
    {
      stackName: 'validation',
      stackId: '',
      templateBody: input.string('TemplateBody'),
      templateUrl: input.string('TemplateURL'),
      parameters: [],
      capabilities: [],
      tags: [],
      notificationArns: [],
      disableRollback: false,
    },
    undefined,
  );
}

/** Capabilities a template needs and why, as ValidateTemplate and GetTemplateSummary report them. */
function capabilitiesOf(text: string, engine: CloudFormationEngine, stackName: string) {
  const parsed = parseTemplateBody(text);
  const transforms = declaredTransforms(parsed);
  let processed = parsed;
  try {
    processed = processTemplate(text, {
      region: engine.ctx.region,
      accountId: engine.ctx.accountId,
      stackName,
    }).template;
  } catch {
    // Summaries describe the template as written even when the transform would fail.
  }
  const need = iamCapabilityNeed(processed);
  const capabilities = [
    ...(need.capability ? [need.capability] : []),
    ...(transforms.length > 0 ? ['CAPABILITY_AUTO_EXPAND'] : []),
  ];
  const reason = need.capability
    ? `The following resource(s) require capabilities: [${need.resourceTypes.join(', ')}]`
    : undefined;
  return { parsed, transforms, capabilities, reason };
}

function description(template: Record<string, unknown>): string | undefined {
  return typeof template.Description === 'string' ? template.Description : undefined;
}

function scalar(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/** GetTemplate, GetTemplateSummary, ValidateTemplate. */
export const templateActions: Record<string, ActionHandler> = {
  GetTemplate(input, engine) {
    const changeSetName = input.string('ChangeSetName');
    const source = changeSetName
      ? requireChangeSet(engine, changeSetName, input.string('StackName'))
      : requireStack(engine, input.required('StackName'));
    const processed = input.string('TemplateStage') === 'Processed';
    return {
      TemplateBody: processed ? JSON.stringify(source.processedTemplate) : source.templateBody,
      StagesAvailable: members(['Original', 'Processed']),
    };
  },

  async GetTemplateSummary(input, engine) {
    const text = await templateText(input, engine);
    const { parsed, transforms, capabilities, reason } = capabilitiesOf(
      text,
      engine,
      input.string('StackName') ?? 'summary',
    );
    const parameters = Object.entries(parameterDeclarations(parsed)).map(([key, declaration]) => ({
      ParameterKey: key,
      DefaultValue: scalar(declaration?.Default),
      ParameterType: declaration?.Type ?? 'String',
      NoEcho: String(declaration?.NoEcho ?? false) === 'true',
      Description: declaration?.Description,
      ParameterConstraints: { AllowedValues: members((declaration?.AllowedValues ?? []).map(String)) },
    }));
    const resources = (parsed.Resources ?? {}) as Record<string, { Type?: unknown }>;
    const types = [...new Set(Object.values(resources).map((r) => String(r?.Type)))];
    return {
      Parameters: members(parameters),
      Description: description(parsed),
      Capabilities: members(capabilities),
      CapabilitiesReason: reason,
      ResourceTypes: members(types),
      Version: typeof parsed.AWSTemplateFormatVersion === 'string' ? parsed.AWSTemplateFormatVersion : undefined,
      Metadata: parsed.Metadata === undefined ? undefined : JSON.stringify(parsed.Metadata),
      DeclaredTransforms: members(transforms),
    };
  },

  async ValidateTemplate(input, engine) {
    const text = await templateText(input, engine);
    const { parsed, transforms, capabilities, reason } = capabilitiesOf(text, engine, 'validation');
    const parameters = Object.entries(parameterDeclarations(parsed)).map(([key, declaration]) => ({
      ParameterKey: key,
      DefaultValue: scalar(declaration?.Default),
      NoEcho: String(declaration?.NoEcho ?? false) === 'true',
      Description: declaration?.Description,
    }));
    return {
      Parameters: members(parameters),
      Description: description(parsed),
      Capabilities: members(capabilities),
      CapabilitiesReason: reason,
      DeclaredTransforms: members(transforms),
    };
  },
};
