import { createHash } from 'node:crypto';
import type { CloudContext, CredentialScope, ServicePlugin, ServiceRequest } from '../../plugin.ts';
import { QUERY_XMLNS } from '../../protocols/default-codecs.ts';
import { queryCodec, queryResponse, readQueryRequest } from '../../protocols/query.ts';
import { ServiceError } from '../../service-error.ts';

/** The access key the local tools use; it stands for the account root. */
const ROOT_ACCESS_KEY = 'test';

/** Who a caller is, as GetCallerIdentity reports it. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/**
 * The caller behind an access key: `test` (or none) is the account root; any other
 * key is an IAM user named after the key, so distinct keys are distinct principals.
 */
export function callerIdentity(scope: CredentialScope | undefined, accountId: string): CallerIdentity {
  const key = scope?.accessKeyId;
  if (!key || key === ROOT_ACCESS_KEY)
    return { account: accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId };
  const name = key.replace(/[^\w+=,.@-]/g, '_').slice(0, 64);
  const userId = `AIDA${createHash('sha256').update(key).digest('hex').slice(0, 17).toUpperCase()}`;
  return { account: accountId, arn: `arn:aws:iam::${accountId}:user/${name}`, userId };
}

/** The STS plugin (query protocol): GetCallerIdentity. */
export function createStsPlugin(): ServicePlugin {
  return {
    name: 'sts',
    codec: queryCodec(QUERY_XMLNS.sts),
    migrate() {},
    async handle(request: ServiceRequest, ctx: CloudContext) {
      const { action } = await readQueryRequest(request);
      switch (action) {
        case 'GetCallerIdentity': {
          const who = callerIdentity(request.scope, ctx.accountId);
          return queryResponse(request, action, QUERY_XMLNS.sts, {
            UserId: who.userId,
            Account: who.account,
            Arn: who.arn,
          });
        }
        default:
          throw new ServiceError('InvalidAction', 400, `Could not find operation ${action} for version 2011-06-15`);
      }
    },
  };
}
