import { iamTable } from '../../iam/authorization.ts';
import type { LogsCall } from './logs-handlers.ts';

/** The log group a call names, as IAM matches it (`arn:aws:logs:<region>:<account>:log-group:<name>`); `*` when none. */
function logGroup(call: LogsCall): string {
  const named = call.body['logGroupName'] ?? call.body['logGroupIdentifier'];
  if (typeof named !== 'string' || named === '') return '*';
  if (named.startsWith('arn:')) return named;
  return `arn:aws:logs:${call.region}:${call.accountId}:log-group:${named}`;
}
const any = () => '*';

/** CloudWatch Logs' operations as IAM names them, with the resource each acts on. One line per operation. */
export const LOGS_IAM = iamTable<string, LogsCall>('AccessDeniedException', [
  ['DescribeLogGroups', 'logs:DescribeLogGroups', any],
  ['DescribeLogStreams', 'logs:DescribeLogStreams', logGroup],
  ['GetLogEvents', 'logs:GetLogEvents', logGroup],
  ['FilterLogEvents', 'logs:FilterLogEvents', logGroup],
  ['CreateLogGroup', 'logs:CreateLogGroup', logGroup],
  ['CreateLogStream', 'logs:CreateLogStream', logGroup],
  ['PutLogEvents', 'logs:PutLogEvents', logGroup],
]);
