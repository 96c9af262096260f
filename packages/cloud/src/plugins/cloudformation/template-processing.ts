import { createHash } from 'node:crypto';
import { validateTemplateReferences } from '@toolkit/intrinsics';
import { invalidDocumentMessage, transformSam } from '@toolkit/sam-transform';
import { parseTemplateDocument, parseTemplateText, toPlainTemplate, type PlainTemplateResult } from '@toolkit/template';
import { collectionScope } from './for-each-collection.ts';
import {
  expandLanguageExtensions,
  LANGUAGE_EXTENSIONS_TRANSFORM,
  missingLanguageExtensions,
} from './language-extensions.ts';
import { templateFormatError, validationError } from './template-errors.ts';
import type { ServiceError } from '../../service-error.ts';

/** The SAM transform, one of the two macros the local engine runs (with AWS::LanguageExtensions). */
export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** A submitted template after parsing and transforms, ready for the engine. */
export interface ProcessedTemplate {
  /** The text as submitted (GetTemplate Original). */
  body: string;
  /** The template after transforms (GetTemplate Processed). */
  template: Record<string, unknown>;
  /** Transforms the template declared, in order. */
  transforms: string[];
  /** What the SAM transform produced that the local cloud does not emulate (reported once as a stack event). */
  notEmulated: string[];
  /** Logical ids of the resources the transforms generated (not declared as they are by the template). */
  generatedIds: string[];
}

/** Who the template is processed for (the SAM transform names resources after the stack). */
export interface ProcessingScope {
  region: string;
  accountId: string;
  stackName: string;
  /** Parameter values given with the request (the transform fills in defaults). */
  parameterValues?: Record<string, unknown>;
}

/** A template that failed processing; `transformFailed` marks errors a change set reports as FAILED. */
export interface ProcessingFailure {
  error: ServiceError;
  transformFailed: boolean;
}

/** The `Transform` section as a list of names. */
export function declaredTransforms(template: Record<string, unknown>): string[] {
  const value = template.Transform;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (value && typeof value === 'object' && typeof (value as { Name?: unknown }).Name === 'string')
    return [(value as { Name: string }).Name];
  return [];
}

/** Parsed templates by the SHA-256 of their text, most recently used last. */
const parsedTemplates = new Map<string, Record<string, unknown>>();
const PARSED_TEMPLATES_KEPT = 64;

/**
 * Parses a template body (JSON or YAML) into plain data, or throws CloudFormation's
 * "Template format error". A text seen lately is parsed once: a template nested at
 * many places (every nested stack resource is a stack, each reading its template)
 * costs one parse and a copy per stack. Callers get their own copy to change.
 */
export function parseTemplateBody(body: string): Record<string, unknown> {
  if (body.trim() === '') throw templateFormatError('template body is empty');
  const key = createHash('sha256').update(body).digest('hex');
  const cached = parsedTemplates.get(key);
  if (cached !== undefined) {
    parsedTemplates.delete(key);
    parsedTemplates.set(key, cached);
    return structuredClone(cached);
  }
  const parsed = parseAllowingLoops(body);
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  if (error || !parsed.template) {
    const where = error?.position ? ` (line ${error.position.line}, column ${error.position.column})` : '';
    throw templateFormatError(`${error?.message ?? 'template is not a JSON or YAML object'}${where}`);
  }
  parsedTemplates.set(key, structuredClone(parsed.template));
  if (parsedTemplates.size > PARSED_TEMPLATES_KEPT)
    parsedTemplates.delete(parsedTemplates.keys().next().value as string);
  return parsed.template;
}

/**
 * The template's structure check reports what is wrong with a `Fn::ForEach` loop under its own
 * codes (`TEMPLATE_FOREACH_*`); here the AWS::LanguageExtensions transform checks loops itself,
 * in CloudFormation's words (or refuses them when the template does not declare it), so those
 * findings do not make the text unparsable.
 */
function parseAllowingLoops(body: string): PlainTemplateResult {
  const parsed = parseTemplateText(body, 'template');
  if (parsed.template !== undefined) return parsed;
  const document = parseTemplateDocument(body, 'template');
  const diagnostics = document.diagnostics.filter((d) => !d.code.startsWith(LOOP_FINDINGS_PREFIX));
  if (!document.wellFormed) return parsed;
  // Another finding is the one to report: the loops are not what is wrong.
  if (diagnostics.some((d) => d.severity === 'error')) return { template: undefined, diagnostics };
  return { template: toPlainTemplate(document.document), diagnostics };
}

/** The code prefix of the structure findings about loops. */
const LOOP_FINDINGS_PREFIX = 'TEMPLATE_FOREACH_';

/**
 * Parses and transforms a template body. Parse and structure errors throw; a failed
 * transform throws too, flagged so change sets can report it as their FAILED reason.
 * `parsed` is the body already parsed (and its `AWS::Include` snippets inserted), when the caller has it.
 */
export function processTemplate(
  body: string,
  scope: ProcessingScope,
  parsed: Record<string, unknown> = parseTemplateBody(body),
): ProcessedTemplate {
  const transforms = declaredTransforms(parsed);
  if (!transforms.includes(LANGUAGE_EXTENSIONS_TRANSFORM)) {
    const missing = missingLanguageExtensions(parsed);
    if (missing) throw missing;
  }
  let template = parsed;
  // What the template declares, loops expanded: resources a loop wrote are written, not generated.
  let declared = parsed;
  const notEmulated: string[] = [];
  for (const name of transforms) {
    if (name === LANGUAGE_EXTENSIONS_TRANSFORM) {
      // Fn::Length and Fn::ToJsonString are left to the intrinsic resolver; the loops and the literal
      // Fn::FindInMap lookups are what change the template.
      template = expandLanguageExtensions(template, collectionScope(template, scope));
      if (!transforms.slice(0, transforms.indexOf(name)).includes(SAM_TRANSFORM)) declared = template;
      continue;
    }
    if (name !== SAM_TRANSFORM)
      throw validationError(
        `No transform named ${name} found. The local cloud runs only ${LANGUAGE_EXTENSIONS_TRANSFORM} and ${SAM_TRANSFORM}.`,
      );
    const result = transformSam(template, { ...scope, parameterValues: scope.parameterValues });
    if (result.errors.length > 0) {
      throw Object.assign(
        validationError(`Transform ${SAM_TRANSFORM} failed with: ${invalidDocumentMessage(result.errors)}`),
        {
          transformFailed: true,
        },
      );
    }
    template = result.template;
    notEmulated.push(...result.notEmulated);
  }
  validateStructure(template);
  // A SAM resource's output counts as generated too: the template declared the SAM type, not this one.
  const declaredResources = Object.entries((declared.Resources ?? {}) as Record<string, { Type?: unknown } | null>);
  const asWritten = new Set(
    declaredResources.filter(([, r]) => !String(r?.Type ?? '').startsWith('AWS::Serverless::')).map(([id]) => id),
  );
  const generatedIds = Object.keys((template.Resources ?? {}) as Record<string, unknown>).filter(
    (id) => !asWritten.has(id),
  );
  return { body, template, transforms, notEmulated, generatedIds };
}

/** True when a processing error came from the transform (a change set then fails instead of the call). */
export function isTransformFailure(error: unknown): boolean {
  return (error as { transformFailed?: boolean } | null)?.transformFailed === true;
}

/** Checks the sections the engine relies on, with CloudFormation's wording. */
function validateStructure(template: Record<string, unknown>): void {
  const resources = template.Resources;
  if (!resources || typeof resources !== 'object' || Array.isArray(resources) || Object.keys(resources).length === 0) {
    throw templateFormatError('At least one Resources member must be defined.');
  }
  for (const [logicalId, resource] of Object.entries(resources as Record<string, unknown>)) {
    if (!/^[A-Za-z0-9]+$/.test(logicalId)) {
      throw templateFormatError(`Resource name ${logicalId} is non alphanumeric.`);
    }
    const type = (resource as { Type?: unknown } | null)?.Type;
    if (typeof type !== 'string')
      throw templateFormatError(`[/Resources/${logicalId}] Every Resources object must contain a Type member.`);
  }
  // A Ref to a shared name would be ambiguous, so CloudFormation refuses the template outright.
  const parameters = template.Parameters;
  if (parameters && typeof parameters === 'object' && !Array.isArray(parameters)) {
    const common = Object.keys(resources).filter((id) => Object.hasOwn(parameters, id));
    if (common.length > 0) {
      throw validationError(
        `Template error: all resources and parameters must have unique names. Common name(s):[${common.join(', ')}]`,
      );
    }
  }
  const problems = validateTemplateReferences(template);
  if (problems[0]) throw validationError(problems[0].message);
}
