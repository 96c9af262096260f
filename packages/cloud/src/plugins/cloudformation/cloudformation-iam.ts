import { iamTable } from '../../iam/authorization.ts';
import type { CloudContext } from '../../plugin.ts';

/** What the table reads of a CloudFormation call: its flat query parameters. */
export interface CloudFormationCall {
  ctx: CloudContext;
  flat: Readonly<Record<string, string>>;
}

/** The stack a call names, as the ARN IAM matches (`stack/NAME/*` when only the name is given). */
function stack(call: CloudFormationCall): string {
  const name = call.flat.StackName;
  if (!name) return '*';
  if (name.startsWith('arn:')) return name;
  return `arn:aws:cloudformation:${call.ctx.region}:${call.ctx.accountId}:stack/${name}/*`;
}
const any = () => '*';

/** CloudFormation's operations as IAM names them: the action is the API's own name. One line per action. */
export const CLOUDFORMATION_IAM = iamTable<string, CloudFormationCall>('AccessDenied', [
  ['CreateStack', 'cloudformation:CreateStack', stack],
  ['UpdateStack', 'cloudformation:UpdateStack', stack],
  ['DeleteStack', 'cloudformation:DeleteStack', stack],
  ['DescribeStacks', 'cloudformation:DescribeStacks', stack],
  ['ListStacks', 'cloudformation:ListStacks', any],
  ['DescribeStackEvents', 'cloudformation:DescribeStackEvents', stack],
  ['DescribeStackResource', 'cloudformation:DescribeStackResource', stack],
  ['DescribeStackResources', 'cloudformation:DescribeStackResources', stack],
  ['ListStackResources', 'cloudformation:ListStackResources', stack],
  ['GetTemplate', 'cloudformation:GetTemplate', stack],
  ['GetTemplateSummary', 'cloudformation:GetTemplateSummary', stack],
  ['ValidateTemplate', 'cloudformation:ValidateTemplate', any],
  ['CreateChangeSet', 'cloudformation:CreateChangeSet', stack],
  ['DescribeChangeSet', 'cloudformation:DescribeChangeSet', stack],
  ['ExecuteChangeSet', 'cloudformation:ExecuteChangeSet', stack],
  ['DeleteChangeSet', 'cloudformation:DeleteChangeSet', stack],
  ['ListChangeSets', 'cloudformation:ListChangeSets', stack],
  ['ListExports', 'cloudformation:ListExports', any],
  ['ListImports', 'cloudformation:ListImports', any],
  ['UpdateTerminationProtection', 'cloudformation:UpdateTerminationProtection', stack],
]);
