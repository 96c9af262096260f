import type { SourceScalarTypes } from '@toolkit/template';
import {
  invalidDocumentMessage,
  SAM_FEATURE_TOGGLES,
  transformSam,
  type ServerlessApplicationRepository,
} from '../src/index.ts';
import type { PolicyMaps } from './upstream-managed-policies.ts';
import { deepSortLists, firstDifference } from './deep-sort.ts';

/** A case's template as plain data, and what its YAML wrote that plain data loses. */
export interface CaseInput {
  template: Record<string, unknown>;
  sourceTypes: SourceScalarTypes;
}

/** How one corpus case came out. */
export type CaseStatus = 'PASS' | 'DIFF' | 'ERROR-MATCH' | 'ERROR-MISMATCH';

/** One case's status and, unless it passed, what differed. */
export interface CaseResult {
  name: string;
  status: CaseStatus;
  detail?: string;
}

/** A partition upstream's tests run, the region its expected files were generated in, and their folder. */
export interface Partition {
  name: 'aws' | 'aws-cn' | 'aws-us-gov';
  region: string;
}

export const PARTITIONS: readonly Partition[] = [
  { name: 'aws', region: 'ap-southeast-1' },
  { name: 'aws-cn', region: 'cn-north-1' },
  { name: 'aws-us-gov', region: 'us-gov-west-1' },
];

/** Upstream's parameter values (`tests/translator/helpers.py`). */
const PARAMETER_VALUES = { param1: 'value1', param2: 'value2' };

/**
 * Upstream's stand-in for the Serverless Application Repository (`mock_sar_service_call` in
 * `test_translator.py`): a few application ids fail or stay preparing; the first preparing one
 * turns samtranslator's wait on, and `preparing-never-ready` never becomes ACTIVE within it.
 */
function upstreamRepository(): ServerlessApplicationRepository {
  let waits = false;
  return {
    createCloudFormationTemplate(applicationId) {
      if (['no-access', 'non-existent', 'invalid-semver'].includes(applicationId))
        return { error: `Cannot access application: ${applicationId}.` };
      let status = 'ACTIVE';
      if (applicationId === 'preparing' || applicationId === 'preparing-never-ready') {
        waits = true;
        status = 'PREPARING';
      } else if (applicationId === 'expired') status = 'EXPIRED';
      const templateUrl = 'https://awsserverlessrepo-changesets-xxx.s3.amazonaws.com/signed-url';
      return { applicationId, templateId: 'id-xx-xx', templateUrl, status };
    },
    awaitActive(templates) {
      if (!waits) return [];
      return templates.filter((template) => template.applicationId !== 'preparing');
    },
  };
}

/** Upstream runs its `feature_toggle_*` cases with a toggle stand-in that turns every feature on. */
function featureToggles(name: string) {
  return name.startsWith('feature_toggle_') ? SAM_FEATURE_TOGGLES : [];
}

/** What every case of one run shares: the partition and upstream's managed-policy lookup. */
export interface CaseContext {
  partition: Partition;
  managedPolicies: PolicyMaps;
}

function transform(name: string, { template, sourceTypes }: CaseInput, context: CaseContext) {
  return transformSam(template, {
    sourceTypes,
    region: context.partition.region,
    accountId: '123456789012',
    parameterValues: PARAMETER_VALUES,
    awsManagedPolicies: context.managedPolicies(context.partition.name),
    serverlessApplicationRepository: upstreamRepository(),
    featureToggles: featureToggles(name),
  });
}

/** The transform's result, or what it threw (a bug: the transform reports bad input as errors). */
function attempt(name: string, input: CaseInput, context: CaseContext) {
  try {
    return transform(name, input, context);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** A valid case: the output must equal the expected template with every list sorted. */
export function runValidCase(name: string, input: CaseInput, expected: unknown, context: CaseContext): CaseResult {
  // Upstream reads valid cases back from JSON, whose keys are all strings (floats stay floats).
  const sourceTypes = { ...input.sourceTypes, nonStringKeys: new Set<string>() };
  const result = attempt(name, { ...input, sourceTypes }, context);
  if (result instanceof Error)
    return { name, status: 'DIFF', detail: `the transform threw: ${result.stack ?? result.message}` };
  if (result.errors.length > 0) return { name, status: 'DIFF', detail: `rejected: ${result.errors.join(' | ')}` };
  const difference = firstDifference(deepSortLists(result.template), deepSortLists(expected));
  return difference === undefined ? { name, status: 'PASS' } : { name, status: 'DIFF', detail: difference };
}

/** An `error_*` case: the transform must reject it with samtranslator's whole-document message. */
export function runErrorCase(
  name: string,
  input: CaseInput,
  expectedMessage: string,
  context: CaseContext,
): CaseResult {
  const result = attempt(name, input, context);
  if (result instanceof Error)
    return { name, status: 'ERROR-MISMATCH', detail: `the transform threw: ${result.message}` };
  if (result.errors.length === 0) return { name, status: 'ERROR-MISMATCH', detail: 'transformed without an error' };
  const message = invalidDocumentMessage(result.errors);
  return message === expectedMessage
    ? { name, status: 'ERROR-MATCH' }
    : { name, status: 'ERROR-MISMATCH', detail: `got:      ${message}\n    expected: ${expectedMessage}` };
}
