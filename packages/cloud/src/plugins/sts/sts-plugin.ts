import type { CloudContext, ServicePlugin, ServiceRequest } from '../../plugin.ts';
import { QUERY_XMLNS } from '../../protocols/default-codecs.ts';
import { queryCodec, queryResponse, readQueryRequest } from '../../protocols/query.ts';
import { ServiceError } from '../../service-error.ts';

/** Who a caller is, as GetCallerIdentity reports it. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/**
 * The identity that signed a request: `admin` is the account root, any other
 * identity an IAM user of its name. The server authenticated it before any plugin runs.
 */
export function callerIdentity(request: ServiceRequest, accountId: string): CallerIdentity {
  const caller = request.caller;
  if (!caller) return { account: accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId };
  return { account: accountId, arn: caller.arn, userId: caller.userId };
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
          // Needs no permission, as in AWS: any valid key may ask who it is.
          const who = callerIdentity(request, ctx.accountId);
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
