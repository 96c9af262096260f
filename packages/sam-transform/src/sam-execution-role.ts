import { isPlainObject } from '@toolkit/intrinsics';
import { awsManagedPolicyArn, managedPolicyArn, type ManagedPolicyLookup } from './sam-managed-policies.ts';
import { isIntrinsic } from './sam-intrinsic.ts';
import { expandPolicyTemplate, isPolicyTemplateName } from './sam-policy-templates.ts';
import { SamResourceError } from './sam-resource-error.ts';

/** What the generated `<Function>Role` is built from. */
export interface ExecutionRoleInput {
  functionId: string;
  /** Condition / DeletionPolicy / UpdateReplacePolicy of the function, copied onto the role. */
  attributes: Record<string, unknown>;
  properties: Record<string, unknown>;
  /** Tracing after parameter refs were resolved. */
  resolvedTracing: unknown;
  tags: Array<Record<string, unknown>>;
  partition: string;
  managedPolicies: ManagedPolicyLookup;
  /** Managed policies the role starts with; a function's Lambda defaults when absent. */
  baseManagedPolicies?: readonly unknown[];
  /** The trust policy when the properties give none; Lambda's by default. */
  assumeRolePolicy?: Record<string, unknown>;
  /** Inline policies placed after the dead-letter queue's (EventInvokeConfig destinations). */
  extraDocuments?: readonly unknown[];
  /** Records what the role leaves out (policy templates this transform does not expand). */
  notEmulated: (message: string) => void;
}

type PolicyKind = 'managed' | 'statement' | 'template' | 'unknown';

// A Map: the template's `Type` is untrusted and must not reach Object.prototype members.
const DLQ_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['SQS', 'sqs:SendMessage'],
  ['SNS', 'sns:Publish'],
]);

/** The `AWS::IAM::Role` samtranslator generates for a function without `Role`. */
export function buildExecutionRole(input: ExecutionRoleInput): Record<string, unknown> {
  const { properties: p, partition } = input;
  const roleId = `${input.functionId}Role`;
  const managed: unknown[] = input.baseManagedPolicies
    ? [...input.baseManagedPolicies]
    : [
        awsManagedPolicyArn(
          p['DurableConfig'] ? 'AWSLambdaBasicDurableExecutionRolePolicy' : 'AWSLambdaBasicExecutionRole',
          partition,
        ),
      ];
  if (!input.baseManagedPolicies && p['Tracing'] && input.resolvedTracing !== 'Disabled') {
    managed.push(
      awsManagedPolicyArn(partition === 'aws' ? 'AWSXrayWriteOnlyAccess' : 'AWSXRayDaemonWriteAccess', partition),
    );
  }
  if (!input.baseManagedPolicies && p['VpcConfig'])
    managed.push(awsManagedPolicyArn('AWSLambdaVPCAccessExecutionRole', partition));

  const documents: unknown[] = [];
  const dlq = p['DeadLetterQueue'];
  if (isPlainObject(dlq)) {
    documents.push({
      PolicyName: 'DeadLetterQueuePolicy',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: DLQ_ACTIONS.get(String(dlq['Type'])), Resource: dlq['TargetArn'], Effect: 'Allow' }],
      },
    });
  }

  documents.push(...(input.extraDocuments ?? []));

  const policies = p['Policies'];
  const entries =
    policies === undefined || policies === null || policies === ''
      ? []
      : Array.isArray(policies)
        ? policies
        : [policies];
  entries.forEach((entry, index) => {
    const policy = expandTemplates(entry, input);
    if (policy === undefined) return;
    const kind = policyKind(policy);
    const inline = (document: unknown) => ({ PolicyName: `${roleId}Policy${index}`, PolicyDocument: document });
    const arn = (value: unknown) =>
      typeof value === 'string' ? managedPolicyArn(value, partition, input.managedPolicies) : value;
    if (kind === 'statement') {
      documents.push(mapIfBranches(policy, inline));
    } else if (kind === 'managed') {
      const value = typeof policy === 'string' ? arn(policy) : mapIfBranches(policy, arn);
      if (!managed.some((existing) => JSON.stringify(existing) === JSON.stringify(value))) managed.push(value);
    } else {
      throw new SamResourceError(input.functionId, `Policy at index ${index} in the 'Policies' property is not valid`);
    }
  });

  const properties: Record<string, unknown> = {
    AssumeRolePolicyDocument: p['AssumeRolePolicyDocument'] ?? input.assumeRolePolicy ?? lambdaAssumeRolePolicy(),
    ManagedPolicyArns: managed,
  };
  if (documents.length > 0) properties['Policies'] = documents;
  if (p['RolePath'] !== undefined && p['RolePath'] !== null) properties['Path'] = p['RolePath'];
  if (p['PermissionsBoundary'] !== undefined && p['PermissionsBoundary'] !== null)
    properties['PermissionsBoundary'] = p['PermissionsBoundary'];
  properties['Tags'] = input.tags;
  return { Type: 'AWS::IAM::Role', ...input.attributes, Properties: properties };
}

/** The trust policy that lets Lambda assume the role. */
export function lambdaAssumeRolePolicy(): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] } }],
  };
}

/** Replaces policy templates (also inside Fn::If branches) by their documents; undefined drops an unsupported one. */
function expandTemplates(entry: unknown, input: ExecutionRoleInput): unknown {
  if (isIf(entry)) {
    const [condition, whenTrue, whenFalse] = entry['Fn::If'] as unknown[];
    const expand = (branch: unknown) => (isNoValue(branch) ? branch : expandTemplates(branch, input));
    const [t, f] = [expand(whenTrue), expand(whenFalse)];
    return t === undefined || f === undefined ? undefined : { 'Fn::If': [condition, t, f] };
  }
  const name = templateName(entry);
  if (name === undefined) return entry;
  const expansion = expandPolicyTemplate(name, (entry as Record<string, unknown>)[name]);
  if (expansion.kind === 'invalid') throw new SamResourceError(input.functionId, expansion.reason);
  return expansion.document;
}

function templateName(entry: unknown): string | undefined {
  if (!isPlainObject(entry)) return undefined;
  const keys = Object.keys(entry);
  return keys.length === 1 && isPolicyTemplateName(keys[0] as string) ? keys[0] : undefined;
}

function policyKind(policy: unknown): PolicyKind {
  if (typeof policy === 'string') return 'managed';
  if (isIf(policy)) {
    const args = policy['Fn::If'] as unknown[];
    const [t, f] = [args[1], args[2]];
    const [tk, fk] = [policyKind(t), policyKind(f)];
    if (tk === fk) return tk;
    if (isNoValue(t)) return fk;
    if (isNoValue(f)) return tk;
    return 'unknown';
  }
  if (isIntrinsic(policy)) return 'managed';
  if (isPlainObject(policy) && 'Statement' in policy) return 'statement';
  if (templateName(policy) !== undefined) return 'template';
  return 'unknown';
}

function mapIfBranches(policy: unknown, convert: (value: unknown) => unknown): unknown {
  if (!isIf(policy)) return convert(policy);
  const [condition, t, f] = policy['Fn::If'] as unknown[];
  const map = (branch: unknown) => (isNoValue(branch) ? branch : convert(branch));
  return { 'Fn::If': [condition, map(t), map(f)] };
}

function isIf(value: unknown): value is Record<'Fn::If', unknown[]> {
  return (
    isPlainObject(value) &&
    Object.keys(value).length === 1 &&
    Array.isArray(value['Fn::If']) &&
    value['Fn::If'].length === 3
  );
}

function isNoValue(value: unknown): boolean {
  return isPlainObject(value) && value['Ref'] === 'AWS::NoValue' && Object.keys(value).length === 1;
}
